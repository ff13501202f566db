package app

import (
	"errors"
	"strings"
)

// Meta's refusals a user can act on, found in the networks' errors by
// the Meta connectors (graph.Explain) and said in plain words.
var (
	// ErrPageRole is a Facebook Page that the account which signed in
	// cannot post on: it lacks the role (full control, or the
	// CREATE_CONTENT task).
	ErrPageRole = errors.New("the account that signed in cannot post on this Page: it needs full control of the Page, or a task that lets it create content (CREATE_CONTENT), given in the Page's settings (Page access); then sign in again")
	// ErrMediaUnfetched is an image Meta could not download from the
	// media storage's presigned address.
	ErrMediaUnfetched = errors.New("Meta could not fetch the image from your media storage: check that its presigned addresses are reachable from the internet (not a local MinIO)")
)

// PermissionError is a request Meta refused because the app's sign-in
// lacks a permission.
type PermissionError struct {
	// Permissions are the ones Meta named (pages_manage_posts…); none
	// when it did not say which.
	Permissions []string
}

func (e *PermissionError) Error() string {
	which := "a permission"
	if len(e.Permissions) > 0 {
		which = "the permission " + strings.Join(e.Permissions, ", ")
	}
	return "the Meta app's sign-in lacks " + which + ": add it in the App Dashboard (Use cases → Customize → Permissions), then sign in again"
}

// permissionReason is the prefix of Attempt.Reason for a PermissionError,
// the permissions after it, separated by commas.
const permissionReason = "permission:"

// metaReasonOf is the Attempt.Reason code of a PermissionError, "" for
// none.
func metaReasonOf(err error) string {
	var pe *PermissionError
	if errors.As(err, &pe) {
		return permissionReason + strings.Join(pe.Permissions, ",")
	}
	return ""
}

// reasonErr is the error of an Attempt.Reason code; nil for none.
func reasonErr(code string) error {
	if rest, ok := strings.CutPrefix(code, permissionReason); ok {
		pe := &PermissionError{}
		if rest != "" {
			pe.Permissions = strings.Split(rest, ",")
		}
		return pe
	}
	return reasons[code]
}
