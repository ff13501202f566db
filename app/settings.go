package app

import (
	"context"
	"fmt"
)

// Language is a language the interface and the text checks know.
type Language string

// The languages Relais speaks. LanguageAuto follows the operating system.
const (
	LanguageAuto    Language = ""
	LanguageEnglish Language = "en"
	LanguageFrench  Language = "fr"
)

// Languages lists the languages Relais speaks, in the order menus show them.
var Languages = []Language{LanguageEnglish, LanguageFrench}

// ParseLanguage reads "en" or "fr" (or "" for automatic).
func ParseLanguage(s string) (Language, error) {
	switch l := Language(s); l {
	case LanguageAuto, LanguageEnglish, LanguageFrench:
		return l, nil
	}
	return "", fmt.Errorf("%q: %w", s, ErrUnknownLanguage)
}

// ErrUnknownLanguage is returned for a language Relais does not speak.
var ErrUnknownLanguage = fmt.Errorf("unknown language (Relais speaks en and fr)")

const settingLanguage = "ui.language"

// Settings is the typed view of the user's settings.
type Settings struct {
	store SettingsStore
}

// NewSettings returns the settings kept in a store.
func NewSettings(store SettingsStore) Settings { return Settings{store: store} }

// Language returns the language chosen in Settings, LanguageAuto if none.
func (s Settings) Language(ctx context.Context) (Language, error) {
	v, err := s.store.Setting(ctx, settingLanguage)
	if err != nil {
		return "", fmt.Errorf("reading the language setting: %w", err)
	}
	l, err := ParseLanguage(v)
	if err != nil {
		return LanguageAuto, nil // a value from a newer Relais: follow the OS
	}
	return l, nil
}

// SetLanguage stores the language chosen in Settings.
func (s Settings) SetLanguage(ctx context.Context, l Language) error {
	if _, err := ParseLanguage(string(l)); err != nil {
		return err
	}
	if err := s.store.SetSetting(ctx, settingLanguage, string(l)); err != nil {
		return fmt.Errorf("saving the language setting: %w", err)
	}
	return nil
}
