package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
	"github.com/relais-app/relais/ui/i18n"
)

// "account add facebook --token-stdin" with the user's token: the Page
// asked for (--page) is connected with its own token, and "check
// --account" holds a text to the Page's limit.
func TestAccountAddFacebookWithAToken(t *testing.T) {
	fake := facebooktest.Start(t)
	fake.SecondPage = true
	d := facebook.NewDialer()
	env, keys, _ := metaEnv(t, d)
	d.Apps = env.Accounts.MetaApps()

	env.Stdin = strings.NewReader(facebooktest.UserToken + "\n")
	code, _, errOut := runAll(t, env, "account", "add", "facebook", "--token-stdin", "--api", fake.URL())
	if code != ExitError || !strings.Contains(errOut, "--page") || !strings.Contains(errOut, facebooktest.OtherPageID) {
		t.Errorf("two Pages, none chosen: %d %q; want them named, and --page", code, errOut)
	}
	env.Stdin, env.Tr = strings.NewReader(facebooktest.UserToken+"\n"), i18n.New(app.LanguageFrench)
	code, _, errOut = runAll(t, env, "account", "add", "facebook", "--token-stdin", "--api", fake.URL())
	env.Tr = i18n.New(app.LanguageEnglish)
	if want := "Cette connexion donne accès à plusieurs Pages : choisissez-en une avec --page ID : Boulangerie Martin (ID " + facebooktest.PageID + ")"; code != ExitError || !strings.Contains(errOut, want) {
		t.Errorf("two Pages, in French: %d %q; want %q", code, errOut, want)
	}

	env.Stdin = strings.NewReader(facebooktest.UserToken + "\n")
	code, out, errOut := runAll(t, env, "account", "add", "facebook", "--token-stdin", "--page", facebooktest.PageID, "--api", fake.URL())
	if code != ExitOK || !strings.Contains(out, "Connected Facebook account") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	list, _ := env.Accounts.List(context.Background())
	if len(list) != 1 || list[0].RemoteID != facebooktest.PageID || list[0].Limits.MaxLength != 63206 {
		t.Fatalf("accounts %+v", list)
	}
	s, err := keys.Secret(context.Background(), list[0].ID)
	if err != nil || s.AccessToken != facebooktest.PageToken {
		t.Errorf("the keychain holds %v (%v), want the Page's token", s.AccessToken == facebooktest.UserToken, err)
	}
	if strings.Contains(out+errOut, facebooktest.UserToken) || strings.Contains(out+errOut, facebooktest.PageToken) {
		t.Error("the output shows a token")
	}

	// 63,200 letters and four emoji: 63,208 UTF-16 code units, over.
	text := strings.Repeat("a", 63200) + "👋👋👋👋"
	env.Proofreader = &wordProofreader{}
	code, out, _ = runAll(t, env, "check", "--account", facebooktest.PageUsername, "--json", text)
	var ans checkJSON
	if err := json.Unmarshal([]byte(out), &ans); err != nil || ans.Length == nil || ans.MaxLength == nil {
		t.Fatalf("check --json: %d %q (%v)", code, out, err)
	}
	if *ans.Length != 63208 || *ans.MaxLength != 63206 || app.Length(app.Facebook, text) != 63208 {
		t.Errorf("check: length %d of %d, want 63208 of 63206", *ans.Length, *ans.MaxLength)
	}
}
