// Package workspaces keeps the list of workspaces (app/workspace's
// Registry) in one small JSON file beside the default workspace's
// database, and checks that a workspace's folder is private to the user
// before Relais opens it.
package workspaces

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/relais-app/relais/app/workspace"
)

// FileName is the list's file name in Relais's folder.
const FileName = "workspaces.json"

// File is workspace.Store on a JSON file. Saving writes a new file beside
// it, syncs it and renames it over the old one, so that a crash leaves
// either list whole, never half of one.
type File struct {
	path string
	mu   sync.Mutex
}

var _ workspace.Store = (*File)(nil)

// NewFile returns the list kept at path.
func NewFile(path string) *File { return &File{path: path} }

// Path is the file's path.
func (f *File) Path() string { return f.path }

// fileFormat is the file's content.
type fileFormat struct {
	Version    int                   `json:"version"`
	Workspaces []workspace.Workspace `json:"workspaces"`
}

// Load implements workspace.Store.
func (f *File) Load(ctx context.Context) ([]workspace.Workspace, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	data, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var file fileFormat
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s is not a list of workspaces Relais wrote: %w", f.path, err)
	}
	if file.Version > 1 {
		return nil, fmt.Errorf("%s was written by a newer Relais", f.path)
	}
	return file.Workspaces, nil
}

// Save implements workspace.Store.
func (f *File) Save(ctx context.Context, list []workspace.Workspace) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(fileFormat{Version: 1, Workspaces: list}, "", "  ")
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+FileName+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone once renamed; the leftover of a failure otherwise
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
