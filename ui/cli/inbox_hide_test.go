package cli

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// "inbox hide ID" hides a comment under the Page's post on Facebook, at
// once (it can be undone), and --show shows it again; a mention is no
// comment to hide, and a comment deleted on Facebook since the sync is
// said so, and marked deleted.
func TestInboxHideComment(t *testing.T) {
	fake := facebooktest.Start(t)
	d := facebook.NewDialer()
	env, _, _, db := newEnv(t, app.LanguageEnglish)
	env.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(d), nil, app.SystemClock{})
	d.Apps = env.Accounts.MetaApps()
	env.Inbox = app.NewInbox(db, env.Accounts, env.Clock, time.UTC, nil)
	env.Stdin = strings.NewReader(facebooktest.PageToken + "\n")
	if code, _, errOut := runAll(t, env, "account", "add", "facebook", "--token-stdin", "--api", fake.URL()); code != ExitOK {
		t.Fatalf("account add: %d %s", code, errOut)
	}
	post := fake.Publish("Nouvelle fournée", time.Now().Add(-time.Hour))
	spam := fake.Comment("Alice", post, "Achetez mes followers")
	other := fake.Comment("Bruno", post, "Toujours des croissants ?")
	fake.Mention("Chloé", "Chez @Boulangerie Martin")
	if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	ids := map[string]string{}
	for _, it := range listJSON(t, env) {
		ids[it.Text] = it.ID
	}
	spamID, otherID, mentionID := ids["Achetez mes followers"], ids["Toujours des croissants ?"], ids["Chez @Boulangerie Martin"]
	if spamID == "" || otherID == "" || mentionID == "" {
		t.Fatalf("the items: %q", ids)
	}

	code, out, errOut := runAll(t, env, "inbox", "hide", spamID)
	if code != ExitOK || out != "The comment "+spamID+" is hidden on Facebook: its author still sees it, others no longer do.\n" || !fake.Hidden(spam) {
		t.Errorf("hide: %d %q %q, hidden %v", code, out, errOut, fake.Hidden(spam))
	}
	hidden := false
	for _, it := range listJSON(t, env) {
		hidden = hidden || it.ID == spamID && it.Hidden
	}
	if !hidden {
		t.Error("inbox list --json does not say the comment is hidden")
	}
	if code, out, _ := runAll(t, env, "inbox", "list"); code != ExitOK || !strings.Contains(out, "hidden") {
		t.Errorf("inbox list does not mark it hidden: %q", out)
	}

	code, out, errOut = runAll(t, env, "inbox", "hide", spamID, "--show", "--json")
	var shown itemJSON
	if code != ExitOK {
		t.Fatalf("hide --show: %d %q", code, errOut)
	}
	decodeOne(t, []byte(out), &shown)
	if shown.ID != spamID || shown.Hidden || fake.Hidden(spam) || strings.Contains(out, `"hidden"`) {
		t.Errorf("hide --show --json: %s, hidden on Facebook %v", out, fake.Hidden(spam))
	}

	// A mention is no comment under the Page's posts.
	code, _, errOut = runAll(t, env, "inbox", "hide", mentionID)
	if code != ExitError || !strings.Contains(errOut, "Relais can hide only the comments under the account’s own posts") {
		t.Errorf("hiding a mention: %d %q", code, errOut)
	}

	// Deleted on Facebook since the sync (by its author, or in Meta's
	// own tools).
	deleteOnFacebook(t, fake, other)
	code, _, errOut = runAll(t, env, "inbox", "hide", otherID)
	if code != ExitError || errOut != "relais: The comment "+otherID+" is no longer on Facebook: it was deleted there.\n" {
		t.Errorf("hiding a comment gone: %d %q", code, errOut)
	}
	code, _, errOut = runAll(t, env, "inbox", "hide", otherID)
	if code != ExitError || !strings.Contains(errOut, "is no longer on Facebook") {
		t.Errorf("hiding it again: %d %q", code, errOut)
	}
}

// deleteOnFacebook deletes a comment through the fake's Graph API, as
// someone would in Meta's own app.
func deleteOnFacebook(t *testing.T, fake *facebooktest.Server, id string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodDelete, fake.URL()+"/"+url.PathEscape(id)+"?access_token="+url.QueryEscape(facebooktest.PageToken), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans struct {
		Success bool `json:"success"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || !ans.Success || fake.Exists(id) {
		t.Fatalf("deleting %s on the fake: %v %+v", id, err, ans)
	}
}
