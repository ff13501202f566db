package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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

// LateMode is what to do with a post that could not go out on time
// (Relais was closed, or the network was unreachable).
type LateMode string

// The late modes.
const (
	// LatePublish sends it as soon as possible.
	LatePublish LateMode = "publish"
	// LateAsk holds it until the user says publish or skip.
	LateAsk LateMode = "ask"
	// LateSkip sends it if it is less than After late, else skips it.
	LateSkip LateMode = "skip"
)

// LatePolicy is the user's choice for late posts.
type LatePolicy struct {
	Mode  LateMode
	After time.Duration // for LateSkip
}

// DefaultLatePolicy sends a late post up to 6 hours late, and skips it
// after: an announcement for this morning is wrong by tonight.
var DefaultLatePolicy = LatePolicy{Mode: LateSkip, After: 6 * time.Hour}

// LateGrace is how late a post may go out and still count as on time.
const LateGrace = 15 * time.Minute

// ErrBadLatePolicy is returned for a late policy that is not one of the
// three, or skips after no time.
var ErrBadLatePolicy = errors.New("late posts are published, asked about, or skipped after a number of hours")

const (
	settingLateMode  = "publish.late"
	settingLateHours = "publish.late_hours"
)

// LatePolicy returns the user's choice for late posts.
func (s Settings) LatePolicy(ctx context.Context) (LatePolicy, error) {
	mode, err := s.store.Setting(ctx, settingLateMode)
	if err != nil {
		return LatePolicy{}, fmt.Errorf("reading the late posts setting: %w", err)
	}
	hours, err := s.store.Setting(ctx, settingLateHours)
	if err != nil {
		return LatePolicy{}, fmt.Errorf("reading the late posts setting: %w", err)
	}
	p := DefaultLatePolicy
	switch LateMode(mode) {
	case LatePublish, LateAsk:
		p.Mode = LateMode(mode)
	case LateSkip:
		p.Mode = LateSkip
	}
	if h, err := strconv.ParseFloat(hours, 64); err == nil && h > 0 {
		p.After = time.Duration(h * float64(time.Hour))
	}
	return p, nil
}

// SetLatePolicy stores the user's choice for late posts.
func (s Settings) SetLatePolicy(ctx context.Context, p LatePolicy) error {
	switch p.Mode {
	case LatePublish, LateAsk:
	case LateSkip:
		if p.After <= 0 {
			return ErrBadLatePolicy
		}
	default:
		return ErrBadLatePolicy
	}
	if err := s.store.SetSetting(ctx, settingLateMode, string(p.Mode)); err != nil {
		return fmt.Errorf("saving the late posts setting: %w", err)
	}
	hours := ""
	if p.After > 0 {
		hours = strconv.FormatFloat(p.After.Hours(), 'f', -1, 64)
	}
	if err := s.store.SetSetting(ctx, settingLateHours, hours); err != nil {
		return fmt.Errorf("saving the late posts setting: %w", err)
	}
	return nil
}

const settingBrand = "report.brand"

// Brand is the brand's name the reports carry on their cover; "" when
// the user gave none.
func (s Settings) Brand(ctx context.Context) (string, error) {
	v, err := s.store.Setting(ctx, settingBrand)
	if err != nil {
		return "", fmt.Errorf("reading the brand's name: %w", err)
	}
	return v, nil
}

// SetBrand stores the brand's name of the reports.
func (s Settings) SetBrand(ctx context.Context, name string) error {
	if err := s.store.SetSetting(ctx, settingBrand, strings.TrimSpace(name)); err != nil {
		return fmt.Errorf("saving the brand's name: %w", err)
	}
	return nil
}

// keyWorkspaceID is the setting of the workspace's ID.
const keyWorkspaceID = "workspace.id"

// StoredWorkspaceID returns the workspace's ID as stored, or the zero ID
// when none is yet: its sign-ins are then still named as before
// workspaces.
func (s Settings) StoredWorkspaceID(ctx context.Context) (ID, error) {
	v, err := s.store.Setting(ctx, keyWorkspaceID)
	if err != nil || v == "" {
		return ID{}, err
	}
	return ParseID(v)
}

// WorkspaceID returns the ID of the workspace this data directory is, as
// the keychain's entries of its accounts carry it. The first time, it
// keeps proposed (the list of workspaces' ID for it), or a new ID when
// proposed is zero.
func (s Settings) WorkspaceID(ctx context.Context, proposed ID) (ID, error) {
	if id, err := s.StoredWorkspaceID(ctx); err != nil || !id.IsZero() {
		return id, err
	}
	if proposed.IsZero() {
		proposed = NewID(time.Now())
	}
	if err := s.store.SetSetting(ctx, keyWorkspaceID, proposed.String()); err != nil {
		return ID{}, err
	}
	return proposed, nil
}

// settingSignInPort is the loopback port the browser comes back to after
// a sign-in, chosen once per workspace (see connectors/loopback).
const settingSignInPort = "signin.port"

// SignInPort returns the workspace's sign-in port, 0 when none is chosen
// yet (or the stored value is not a port).
func (s Settings) SignInPort(ctx context.Context) (int, error) {
	v, err := s.store.Setting(ctx, settingSignInPort)
	if err != nil {
		return 0, fmt.Errorf("reading the sign-in port: %w", err)
	}
	p, err := strconv.Atoi(v)
	if err != nil || p <= 0 || p > 65535 {
		return 0, nil
	}
	return p, nil
}

// SetSignInPort stores the workspace's sign-in port; 0 forgets it, so
// that a new one is chosen (the redirect URIs registered with the old one
// then stop working).
func (s Settings) SetSignInPort(ctx context.Context, port int) error {
	if port < 0 || port > 65535 {
		return fmt.Errorf("%d is not a port", port)
	}
	v := ""
	if port > 0 {
		v = strconv.Itoa(port)
	}
	if err := s.store.SetSetting(ctx, settingSignInPort, v); err != nil {
		return fmt.Errorf("saving the sign-in port: %w", err)
	}
	return nil
}
