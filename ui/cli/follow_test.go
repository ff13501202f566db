package cli

import (
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
)

// followEnv is a command-line Env with an inbox over a locked Mastodon
// account on the fake server, synced once (history).
func followEnv(t *testing.T, lang app.Language) (Env, *mastodontest.Server) {
	t.Helper()
	env, _, _, db := newEnv(t, lang)
	env.Clock = app.SystemClock{}
	env.Accounts = app.NewAccounts(db, &keychaintest.Memory{}, app.NewRegistry(mastodon.NewDialer()), nil, env.Clock)
	env.Inbox = app.NewInbox(db, env.Accounts, env.Clock, env.zone(), nil)
	fake := mastodontest.Start(t)
	fake.SetLocked(true)
	env.Stdin = strings.NewReader(fake.Token() + "\n")
	if code, _, errOut := runAll(t, env, "account", "add", "mastodon", "--server", fake.URL(), "--token-stdin"); code != ExitOK {
		t.Fatalf("account add: %s", errOut)
	}
	if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
		t.Fatalf("sync: %s", errOut)
	}
	return env, fake
}

func TestInboxAcceptAndReject(t *testing.T) {
	env, fake := followEnv(t, app.LanguageEnglish)
	host := strings.TrimPrefix(fake.URL(), "http://")
	fake.SetNote("lea", "<p>Boulangère à <b>Lyon</b></p>")
	fake.Follow("lea")
	fake.Follow("tom")
	fake.Mention("zoé", "Bonjour")
	code, out, errOut := runAll(t, env, "sync")
	if code != ExitOK || !strings.Contains(out, "follow request") {
		t.Fatalf("sync: %d %q %s", code, out, errOut)
	}
	items := listJSON(t, env)
	byHandle := map[string]itemJSON{}
	for _, it := range items {
		byHandle[strings.SplitN(it.Author.Handle, "@", 2)[0]] = it
	}
	lea, tom, zoe := byHandle["lea"], byHandle["tom"], byHandle["zoé"]
	if lea.Kind != "follow_request" || lea.State != "new" || lea.Text != "Boulangère à Lyon" || lea.Answer != "" || lea.Author.Avatar == "" {
		t.Fatalf("the request as listed: %+v", lea)
	}

	code, out, errOut = runAll(t, env, "inbox", "accept", lea.ID[len(lea.ID)-8:])
	if code != ExitOK || out != "Accepted: @lea@"+host+" now follows you.\n" {
		t.Fatalf("inbox accept: %d %q %q", code, out, errOut)
	}
	if !fake.Follows("lea") {
		t.Error("the server did not get the answer")
	}
	code, out, errOut = runAll(t, env, "inbox", "reject", tom.ID, "--json")
	var rejected itemJSON
	decodeOne(t, []byte(out), &rejected)
	if code != ExitOK || rejected.Answer != "rejected" || rejected.State != "done" || fake.Follows("tom") || len(fake.FollowRequests()) != 0 {
		t.Fatalf("inbox reject --json: %d %s %s", code, out, errOut)
	}
	if open := listJSON(t, env); len(open) != 1 || open[0].ID != zoe.ID {
		t.Errorf("answered requests are still open: %s", texts(open))
	}

	if _, out, _ := runAll(t, env, "inbox", "list", "--view", "done"); !strings.Contains(out, "done, accepted") || !strings.Contains(out, "done, rejected") {
		t.Errorf("the answers are not listed: %q", out)
	}

	// Again: already handled, in plain words.
	code, out, errOut = runAll(t, env, "inbox", "reject", lea.ID)
	if code != ExitError || out != "" || !strings.Contains(errOut, "already handled or withdrawn") {
		t.Errorf("answering twice: %d %q %q", code, out, errOut)
	}
	// A mention is not a follow request.
	code, _, errOut = runAll(t, env, "inbox", "accept", zoe.ID)
	if code != ExitError || !strings.Contains(errOut, "This item (mention) is not a follow request") {
		t.Errorf("accepting a mention: %d %q", code, errOut)
	}
}

func TestInboxAcceptAWithdrawnRequest(t *testing.T) {
	env, fake := followEnv(t, app.LanguageFrench)
	fake.Follow("lea")
	if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
		t.Fatal(errOut)
	}
	lea := listJSON(t, env)[0]
	fake.WithdrawFollow("lea")
	code, out, errOut := runAll(t, env, "inbox", "accept", lea.ID)
	if code != ExitError || out != "" || errOut != "relais : Cette demande d’abonnement a déjà été traitée ou retirée : il n’y a plus rien à répondre.\n" {
		t.Errorf("a withdrawn request: %d %q %q", code, out, errOut)
	}
	if done := listJSON(t, env, "--view", "done"); len(done) != 1 || done[0].Answer != "gone" {
		t.Errorf("the withdrawn request is not marked handled: %+v", done)
	}
	if fake.Follows("lea") {
		t.Error("a withdrawn request was accepted")
	}
}

// A request whose notification was dismissed in another app still
// arrives, from the list of those waiting, once; one withdrawn leaves the
// open inbox at the next sync.
func TestSyncReadsTheRequestsWaiting(t *testing.T) {
	env, fake := followEnv(t, app.LanguageEnglish)
	fake.Dismiss(fake.Follow("lea"))
	fake.Follow("tom")
	for range 2 {
		if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
			t.Fatal(errOut)
		}
	}
	open := listJSON(t, env)
	if len(open) != 2 || open[0].Kind != "follow_request" || open[1].Kind != "follow_request" {
		t.Fatalf("want the two requests once each, got %+v", open)
	}
	fake.WithdrawFollow("tom")
	if code, _, errOut := runAll(t, env, "sync"); code != ExitOK {
		t.Fatal(errOut)
	}
	open = listJSON(t, env)
	if len(open) != 1 || !strings.HasPrefix(open[0].Author.Handle, "lea@") {
		t.Fatalf("after tom withdrew: %+v", open)
	}
	if code, out, errOut := runAll(t, env, "inbox", "accept", open[0].ID); code != ExitOK || !fake.Follows("lea") {
		t.Errorf("accepting the request read from the list: %d %q %q", code, out, errOut)
	}
}
