// Package workspace keeps a freelance community manager's clients apart:
// each workspace is a data directory of its own (drafts, calendar,
// accounts, inbox, reports, dictionary, settings), with a name and a
// colour the window shows, and an ID that the keychain's entries of its
// accounts carry, so that two clients' accounts on the same network never
// mix.
//
// The Registry lists the workspaces Relais knows, most recently opened
// first. The first one, the default, is the data directory Relais always
// used; the others live in folders named after their IDs, never after
// their names, so that no name can reach outside Relais's folder and a
// rename moves nothing.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
)

// Workspace is one client's data directory, as the registry knows it.
type Workspace struct {
	ID app.ID `json:"id"`
	// Name is the client's name, as the switcher shows it.
	Name string `json:"name"`
	// Colour is "#rrggbb": the switcher's mark, so that the client shows
	// at a glance.
	Colour string `json:"colour"`
	// Dir is the absolute path of the data directory.
	Dir string `json:"dir"`
	// Background keeps the workspace running (publishing, inbox,
	// notifications, the tray's count) while another one is shown.
	Background bool `json:"background,omitempty"`
	// Opened is when the window or a command last opened it.
	Opened time.Time `json:"opened"`
	// Default marks the workspace of Relais's own data directory, which
	// cannot be removed.
	Default bool `json:"default,omitempty"`
}

// Store keeps the registry: the list, read and written whole.
type Store interface {
	// Load returns the saved list; none saved yet is an empty list.
	Load(ctx context.Context) ([]Workspace, error)
	// Save replaces the saved list whole: after a crash either the old
	// list or the new one is there, never half of one.
	Save(ctx context.Context, list []Workspace) error
}

// MaxNameLength is the longest name, in characters: the switcher shows it
// whole.
const MaxNameLength = 60

// Palette is the colours given to new workspaces in turn.
var Palette = []string{"#2f6fdf", "#d9480f", "#2b8a3e", "#ae3ec9", "#e8590c", "#0b7285", "#c2255c", "#5c940d"}

// ErrName is returned for a name that cannot be a workspace's; it is
// wrapped with what is wrong.
var ErrName = errors.New("this name cannot be used for a workspace")

// ErrNameTaken is returned when another workspace has the name already.
var ErrNameTaken = errors.New("another workspace already has this name")

// ErrNotFound is returned for a name or ID the registry does not know.
var ErrNotFound = errors.New("no workspace has this name")

// ErrDefault is returned when asked to remove the default workspace.
var ErrDefault = errors.New("the default workspace cannot be removed")

// ErrNotPrivate is returned for a workspace folder that another user owns
// or may write to: anyone who can write there can plant files Relais
// would read, or replace its database.
var ErrNotPrivate = errors.New("this folder is not private to you")

// NotPrivateError says which folder and why.
type NotPrivateError struct {
	Dir    string
	Reason string // "owner", "writable", "not_folder"
}

func (e *NotPrivateError) Error() string {
	switch e.Reason {
	case "owner":
		return fmt.Sprintf("%s: %s belongs to another user", ErrNotPrivate, e.Dir)
	case "writable":
		return fmt.Sprintf("%s: other users may write in %s", ErrNotPrivate, e.Dir)
	}
	return fmt.Sprintf("%s: %s is not a folder", ErrNotPrivate, e.Dir)
}

func (e *NotPrivateError) Unwrap() error { return ErrNotPrivate }

// NameError says why a name was refused.
type NameError struct {
	Name   string
	Reason string // "empty", "too_long", "separator", "dots", "control"
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%s (%s): %q", ErrName, e.Reason, e.Name)
}

func (e *NameError) Unwrap() error { return ErrName }

// CleanName returns the name as it is kept (spaces at the ends trimmed),
// or a *NameError: an empty name, one over MaxNameLength characters, one
// with a path separator, "..", a control character (NUL included) or
// invalid UTF-8. Folders are named after IDs, so a name never reaches the
// file system; these are refused so that every name prints, fits and
// reads the same on every system.
func CleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", &NameError{Name: name, Reason: "empty"}
	case !utf8.ValidString(name):
		return "", &NameError{Name: strings.ToValidUTF8(name, "?"), Reason: "control"}
	case utf8.RuneCountInString(name) > MaxNameLength:
		return "", &NameError{Name: string([]rune(name)[:MaxNameLength]) + "…", Reason: "too_long"}
	case strings.ContainsAny(name, `/\`):
		return "", &NameError{Name: name, Reason: "separator"}
	case strings.Contains(name, ".."):
		return "", &NameError{Name: name, Reason: "dots"}
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "", &NameError{Name: strings.Map(printable, name), Reason: "control"}
		}
	}
	return name, nil
}

func printable(r rune) rune {
	if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
		return '?'
	}
	return r
}

// Registry is the list of workspaces.
type Registry struct {
	store      Store
	clock      app.Clock
	defaultDir string
	root       string
}

// NewRegistry returns the registry kept in store. defaultDir is Relais's
// own data directory, the default workspace's; new workspaces get folders
// under root.
func NewRegistry(store Store, clock app.Clock, defaultDir, root string) *Registry {
	return &Registry{store: store, clock: clock, defaultDir: defaultDir, root: root}
}

// List returns every workspace, most recently opened first, the default
// one always among them.
func (r *Registry) List(ctx context.Context) ([]Workspace, error) {
	list, err := r.load(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b Workspace) int { return b.Opened.Compare(a.Opened) })
	return list, nil
}

// load reads the list. The first time, it saves the default workspace in
// it, so that its ID, which the keychain's entries carry, never changes.
func (r *Registry) load(ctx context.Context) ([]Workspace, error) {
	list, err := r.store.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the list of workspaces: %w", err)
	}
	for _, w := range list {
		if w.Default {
			return list, nil
		}
	}
	list = append(list, Workspace{ID: app.NewID(r.clock.Now()), Name: "Relais", Colour: Palette[0], Dir: r.defaultDir, Default: true})
	if err := r.save(ctx, list); err != nil {
		return nil, err
	}
	return list, nil
}

func (r *Registry) save(ctx context.Context, list []Workspace) error {
	if err := r.store.Save(ctx, list); err != nil {
		return fmt.Errorf("saving the list of workspaces: %w", err)
	}
	return nil
}

// Find returns the workspace of a name (ignoring case), an ID, or a data
// directory.
func (r *Registry) Find(ctx context.Context, nameOrID string) (Workspace, error) {
	list, err := r.load(ctx)
	if err != nil {
		return Workspace{}, err
	}
	if i := find(list, nameOrID); i >= 0 {
		return list[i], nil
	}
	return Workspace{}, fmt.Errorf("%w: %q", ErrNotFound, nameOrID)
}

func find(list []Workspace, nameOrID string) int {
	key := strings.TrimSpace(nameOrID)
	for i, w := range list {
		if strings.EqualFold(w.Name, key) || w.ID.String() == strings.ToLower(key) {
			return i
		}
	}
	return -1
}

// AtDir returns the workspace of a data directory, the one --data names:
// the registered one, or one named after the folder, with no ID (the
// folder's own database keeps it) and not added to the list, so that
// scripts and tests on folders of their own leave the list alone.
func (r *Registry) AtDir(ctx context.Context, dir string) (Workspace, error) {
	list, err := r.store.Load(ctx)
	if err != nil {
		return Workspace{}, fmt.Errorf("reading the list of workspaces: %w", err)
	}
	if sameDir(dir, r.defaultDir) {
		if list, err = r.load(ctx); err != nil {
			return Workspace{}, err
		}
	}
	for _, w := range list {
		if sameDir(w.Dir, dir) {
			return w, nil
		}
	}
	name, err := CleanName(filepath.Base(dir))
	if err != nil {
		name = "Relais"
	}
	return Workspace{Name: name, Colour: Palette[0], Dir: dir}, nil
}

func sameDir(a, b string) bool {
	return filepath.Clean(a) == filepath.Clean(b)
}

// Create registers a new workspace named name, with a folder of its own
// under the registry's root and the next colour of the palette. The
// folder itself is made when the workspace is first opened.
func (r *Registry) Create(ctx context.Context, name string) (Workspace, error) {
	name, err := CleanName(name)
	if err != nil {
		return Workspace{}, err
	}
	list, err := r.load(ctx)
	if err != nil {
		return Workspace{}, err
	}
	if find(list, name) >= 0 {
		return Workspace{}, fmt.Errorf("%w: %q", ErrNameTaken, name)
	}
	id := app.NewID(r.clock.Now())
	w := Workspace{ID: id, Name: name, Colour: Palette[len(list)%len(Palette)], Dir: filepath.Join(r.root, id.String())}
	if err := r.save(ctx, append(list, w)); err != nil {
		return Workspace{}, err
	}
	return w, nil
}

// Rename gives a workspace another name.
func (r *Registry) Rename(ctx context.Context, id app.ID, name string) (Workspace, error) {
	name, err := CleanName(name)
	if err != nil {
		return Workspace{}, err
	}
	return r.update(ctx, id, func(list []Workspace, w *Workspace) error {
		if other := find(list, name); other >= 0 && list[other].ID != id {
			return fmt.Errorf("%w: %q", ErrNameTaken, name)
		}
		w.Name = name
		return nil
	})
}

// SetColour changes a workspace's colour ("#rrggbb").
func (r *Registry) SetColour(ctx context.Context, id app.ID, colour string) (Workspace, error) {
	if !validColour(colour) {
		return Workspace{}, fmt.Errorf("not a colour: %q", colour)
	}
	return r.update(ctx, id, func(_ []Workspace, w *Workspace) error {
		w.Colour = strings.ToLower(colour)
		return nil
	})
}

func validColour(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// SetBackground says whether the workspace keeps running while another
// one is shown.
func (r *Registry) SetBackground(ctx context.Context, id app.ID, on bool) (Workspace, error) {
	return r.update(ctx, id, func(_ []Workspace, w *Workspace) error {
		w.Background = on
		return nil
	})
}

// Touch records that the workspace was opened now, so that it comes first
// in the list of recent ones.
func (r *Registry) Touch(ctx context.Context, id app.ID) (Workspace, error) {
	return r.update(ctx, id, func(_ []Workspace, w *Workspace) error {
		w.Opened = r.clock.Now()
		return nil
	})
}

// SetID gives a workspace the ID its folder's own database keeps, should
// the list have another (a list made anew, a folder copied in).
func (r *Registry) SetID(ctx context.Context, old, id app.ID) (Workspace, error) {
	return r.update(ctx, old, func(list []Workspace, w *Workspace) error {
		if slices.ContainsFunc(list, func(o Workspace) bool { return o.ID == id }) {
			return fmt.Errorf("two workspaces would share the ID %s", id)
		}
		w.ID = id
		return nil
	})
}

// Forget takes a workspace out of the list and returns it; its folder and
// its secrets are the caller's to remove (see Remove in main's wiring).
// The default workspace cannot be forgotten.
func (r *Registry) Forget(ctx context.Context, id app.ID) (Workspace, error) {
	list, err := r.load(ctx)
	if err != nil {
		return Workspace{}, err
	}
	i := slices.IndexFunc(list, func(w Workspace) bool { return w.ID == id })
	if i < 0 {
		return Workspace{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if list[i].Default {
		return Workspace{}, ErrDefault
	}
	gone := list[i]
	if err := r.save(ctx, slices.Delete(list, i, i+1)); err != nil {
		return Workspace{}, err
	}
	return gone, nil
}

func (r *Registry) update(ctx context.Context, id app.ID, change func(list []Workspace, w *Workspace) error) (Workspace, error) {
	list, err := r.load(ctx)
	if err != nil {
		return Workspace{}, err
	}
	i := slices.IndexFunc(list, func(w Workspace) bool { return w.ID == id })
	if i < 0 {
		return Workspace{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err := change(list, &list[i]); err != nil {
		return Workspace{}, err
	}
	if err := r.save(ctx, list); err != nil {
		return Workspace{}, err
	}
	return list[i], nil
}

// Removal is what removing a workspace deletes, for the confirmation
// that names it.
type Removal struct {
	Workspace Workspace
	// Accounts names the accounts whose sign-ins leave the keychain.
	Accounts []string
	// Posts counts the drafts and posts.
	Posts int
}
