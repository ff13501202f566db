package app

import (
	"errors"
	"testing"
)

func TestSettingsLanguageRoundTrip(t *testing.T) {
	store := newMemStore()
	s := NewSettings(store)
	if l, err := s.Language(bg); err != nil || l != LanguageAuto {
		t.Fatalf("unset: %q, %v", l, err)
	}
	for _, l := range []Language{LanguageFrench, LanguageEnglish, LanguageAuto, LanguageFrench} {
		if err := s.SetLanguage(bg, l); err != nil {
			t.Fatalf("SetLanguage(%q): %v", l, err)
		}
		if got, err := s.Language(bg); err != nil || got != l {
			t.Errorf("after SetLanguage(%q): %q, %v", l, got, err)
		}
	}
	// A second Settings over the same store reads the same choice.
	if got, _ := NewSettings(store).Language(bg); got != LanguageFrench {
		t.Errorf("another view reads %q", got)
	}
	// Automatic is no stored value at all.
	if err := s.SetLanguage(bg, LanguageAuto); err != nil {
		t.Fatal(err)
	}
	if _, ok := store.settings[settingLanguage]; ok {
		t.Errorf("automatic stored as %q", store.settings[settingLanguage])
	}
}

func TestSettingsLanguageStoredByANewerRelais(t *testing.T) {
	for _, stored := range []string{"de", "klingon", "FR", " fr", "fr-FR"} {
		store := newMemStore()
		store.settings[settingLanguage] = stored
		if l, err := NewSettings(store).Language(bg); err != nil || l != LanguageAuto {
			t.Errorf("stored %q: %q, %v; want automatic", stored, l, err)
		}
	}
}

func TestSetLanguageRefusesUnknown(t *testing.T) {
	store := newMemStore()
	s := NewSettings(store)
	if err := s.SetLanguage(bg, LanguageEnglish); err != nil {
		t.Fatal(err)
	}
	for _, l := range []Language{"de", "FR", "french", "fr_FR", " en"} {
		if err := s.SetLanguage(bg, l); !errors.Is(err, ErrUnknownLanguage) {
			t.Errorf("SetLanguage(%q): %v, want ErrUnknownLanguage", l, err)
		}
	}
	if got, _ := s.Language(bg); got != LanguageEnglish {
		t.Errorf("a refused language replaced the choice: %q", got)
	}
}

func TestParseLanguage(t *testing.T) {
	for _, l := range append([]Language{LanguageAuto}, Languages...) {
		if got, err := ParseLanguage(string(l)); err != nil || got != l {
			t.Errorf("ParseLanguage(%q) = %q, %v", l, got, err)
		}
	}
	if _, err := ParseLanguage("de"); !errors.Is(err, ErrUnknownLanguage) {
		t.Errorf("ParseLanguage(de): %v", err)
	}
}

func TestSettingsStoreErrorsAreReported(t *testing.T) {
	store := &failingStore{memStore: newMemStore()}
	errDisk := errors.New("disk full")
	store.fail(errDisk)
	s := NewSettings(store)
	if _, err := s.Language(bg); !errors.Is(err, errDisk) {
		t.Errorf("Language: %v", err)
	}
	if err := s.SetLanguage(bg, LanguageFrench); !errors.Is(err, errDisk) {
		t.Errorf("SetLanguage: %v", err)
	}
}
