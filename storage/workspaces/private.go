package workspaces

import "github.com/relais-app/relais/app/workspace"

// ErrNotPrivate is workspace.ErrNotPrivate, returned by CheckPrivate.
var ErrNotPrivate = workspace.ErrNotPrivate
