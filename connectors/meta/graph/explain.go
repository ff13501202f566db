package graph

import (
	"regexp"
	"slices"
	"strings"

	"github.com/relais-app/relais/app"
)

// permissionName is a permission as Meta names it in its errors
// ("(#200) Requires pages_manage_posts permission…", "(#10) … requires
// the 'instagram_business_content_publish' permission").
var permissionName = regexp.MustCompile(`\b(?:pages_[a-z_]+|instagram_[a-z_]+|threads_[a-z_]+|read_insights|business_management|publish_video)\b`)

// mediaFetchSubcodes are Instagram's subcodes for an image it could not
// download from its image_url: a timeout (2207003), an address that
// expired (2207020), one it could not fetch (2207052).
var mediaFetchSubcodes = []int{2207003, 2207020, 2207052}

// Explain finds, in Graph's error, a refusal the user can act on and
// says it as an app error: a Page the account has no role on
// (app.ErrPageRole), a permission the app's sign-in lacks
// (*app.PermissionError, naming it when Meta does), an image Meta could
// not fetch from the media storage (app.ErrMediaUnfetched). Nil for any
// other error.
func Explain(e APIError) error {
	if slices.Contains(mediaFetchSubcodes, e.Subcode) {
		return app.ErrMediaUnfetched
	}
	text := strings.Join([]string{e.Message, e.UserTitle, e.UserMessage}, " ")
	if x := ExplainMessage(text); x != nil {
		return x
	}
	lower := strings.ToLower(text)
	if e.Code == 10 || e.Code >= 200 && e.Code <= 299 || strings.Contains(lower, "permission") {
		names := permissionName.FindAllString(text, -1)
		slices.Sort(names)
		names = slices.Compact(names)
		if len(names) > 0 {
			return &app.PermissionError{Permissions: names}
		}
		if strings.Contains(lower, "permission") || strings.Contains(lower, "not authorized") || strings.Contains(lower, "hasn't authorized") {
			return &app.PermissionError{}
		}
	}
	return nil
}

// ExplainMessage finds a refusal the user can act on in Meta's words
// alone, as a container's status (Instagram's status, Threads'
// error_message) gives them: an image Meta could not fetch, a Page the
// account has no role on. Nil for none.
func ExplainMessage(message string) error {
	lower := strings.ToLower(message)
	for _, s := range []string{"media download has failed", "could not be fetched", "failed_downloading", "takes too long to download", "failed to download"} {
		if strings.Contains(lower, s) {
			return app.ErrMediaUnfetched
		}
	}
	for _, s := range []string{"administrator of the page", "administrator, editor, or moderator", "create_content", "role on the page", "full control"} {
		if strings.Contains(lower, s) {
			return app.ErrPageRole
		}
	}
	return nil
}
