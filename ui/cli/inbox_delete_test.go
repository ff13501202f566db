package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// "inbox delete ID" deletes a comment under the Page's post on Facebook,
// once asked again with --yes; a mention is no comment to delete.
func TestInboxDeleteComment(t *testing.T) {
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
	comment := fake.Comment("Alice", post, "Achetez mes followers")
	fake.Mention("Bruno", "Chez @Boulangerie Martin")
	if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	var commentID, mentionID string
	for _, it := range listJSON(t, env) {
		switch it.Kind {
		case "reply":
			commentID = it.ID
		case "mention":
			mentionID = it.ID
		}
	}
	if commentID == "" || mentionID == "" {
		t.Fatalf("the comment %q and the mention %q", commentID, mentionID)
	}
	code, out, errOut := runAll(t, env, "inbox", "delete", commentID)
	if code != ExitError || !strings.Contains(out, "Achetez mes followers") || !strings.Contains(errOut, "--yes") || !fake.Exists(comment) {
		t.Errorf("without --yes: %d %q %q, the comment still there %v; want nothing done, and --yes asked", code, out, errOut, fake.Exists(comment))
	}
	code, out, errOut = runAll(t, env, "inbox", "delete", commentID, "--yes")
	if code != ExitOK || out != "The comment "+commentID+" was deleted on Facebook; the item is done.\n" || fake.Exists(comment) {
		t.Errorf("with --yes: %d %q %q, still there %v", code, out, errOut, fake.Exists(comment))
	}
	for _, it := range listJSON(t, env, "--needs-reply") {
		if it.ID == commentID {
			t.Error("the deleted comment still needs a reply")
		}
	}
	code, _, errOut = runAll(t, env, "inbox", "delete", mentionID, "--yes")
	if code != ExitError || !strings.Contains(errOut, "only the comments under the account’s own posts") {
		t.Errorf("deleting a mention: %d %q", code, errOut)
	}
}
