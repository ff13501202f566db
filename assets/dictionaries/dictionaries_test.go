package dictionaries

import (
	"bytes"
	"io"
	"testing"
)

func TestOpen(t *testing.T) {
	for lang, want := range map[string][]byte{"fr": FrAff, "fr_FR": FrAff, "FR-ca": FrAff, "en": EnAff, "en_US": EnAff, "en-CA": EnAff, "en-GB.UTF-8": EnGBAff, "en_GB": EnGBAff, "en-uk": EnGBAff} {
		aff, dic, err := Open(lang)
		if err != nil {
			t.Fatalf("Open(%q): %v", lang, err)
		}
		a, _ := io.ReadAll(aff)
		d, _ := io.ReadAll(dic)
		if !bytes.Equal(a, want) || len(d) < 100000 {
			t.Errorf("Open(%q) gave the wrong files", lang)
		}
	}
	if _, _, err := Open("de"); err == nil {
		t.Error("Open(de) should fail")
	}
	for name, b := range map[string][]byte{"FrAff": FrAff, "FrDic": FrDic, "EnAff": EnAff, "EnDic": EnDic, "EnGBAff": EnGBAff, "EnGBDic": EnGBDic, "EnGBCopyright": EnGBCopyright, "LGPL": LGPL} {
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
	if !bytes.Contains(FrAff, []byte("SET UTF-8")) || !bytes.Contains(EnAff, []byte("SET UTF-8")) {
		t.Error("the affix files should declare UTF-8")
	}
	if got := Languages(); len(got) != 2 {
		t.Errorf("Languages() = %v", got)
	}
}
