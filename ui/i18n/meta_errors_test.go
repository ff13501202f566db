package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

// TestMetaRefusalsInPlainWords: a missing permission (named, and where
// to add it), a Page without the role, and an image Meta could not
// fetch are said for what they are, in English and French, whatever
// kind of failure Meta made of them (code 10 reads as a sign-in
// refused).
func TestMetaRefusalsInPlainWords(t *testing.T) {
	en, fr := New(app.LanguageEnglish), New(app.LanguageFrench)
	for _, c := range []struct {
		explained error
		kind      app.Failure
		en, fr    []string
	}{
		{&app.PermissionError{Permissions: []string{"instagram_business_content_publish"}}, app.FailAuth,
			[]string{"Instagram refused", "instagram_business_content_publish", "App Dashboard (Use cases → Customize → Permissions)"},
			[]string{"Instagram a refusé", "instagram_business_content_publish", "Cas d’utilisation → Personnaliser → Autorisations"}},
		{&app.PermissionError{}, app.FailRejected,
			[]string{"lacks a permission", "Use cases → Customize → Permissions"}, []string{"n’a pas une autorisation", "Autorisations"}},
		{app.ErrPageRole, app.FailAuth,
			[]string{"cannot post on this Page", "full control", "CREATE_CONTENT"}, []string{"ne peut pas publier sur cette Page", "contrôle total", "CREATE_CONTENT"}},
		{app.ErrMediaUnfetched, app.FailRejected,
			[]string{"Meta could not fetch the image", "presigned addresses are reachable from the internet", "not a local MinIO"},
			[]string{"Meta n’a pas pu récupérer l’image", "adresses présignées", "pas un MinIO local"}},
	} {
		err := fmt.Errorf("instagram: publishing: %w", &app.NetError{Network: app.Instagram, Kind: c.kind, Message: "(#10) Meta's words", Err: c.explained})
		for _, tc := range []struct {
			t    *Translator
			want []string
		}{{en, c.en}, {fr, c.fr}} {
			got := tc.t.Error(err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Error(%v) = %q, want %q in it", err, got, w)
				}
			}
		}
	}
	// Outside a network's failure, the network is Meta.
	if got := en.Error(errors.Join(app.ErrMediaUnfetched)); !strings.HasPrefix(got, "Meta refused") {
		t.Errorf("bare ErrMediaUnfetched: %q", got)
	}
}
