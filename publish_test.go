package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage/keychain"
)

// TestMain lets a test run this binary as Relais itself, in a process of
// its own that can be killed: RELAIS_TEST_AS_MAIN=1 runs main's run.
func TestMain(m *testing.M) {
	if os.Getenv("RELAIS_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// relaisProcess prepares this test binary as a Relais process.
func relaisProcess(stdin string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "RELAIS_TEST_AS_MAIN=1", "LANG=C")
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func relais(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := relaisProcess(stdin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// needKeychain skips a test that stores a real secret when no Secret
// Service is reachable, except in CI (RELAIS_REQUIRE_KEYCHAIN=1, set by
// .ci/keyring), where that is a failure.
func needKeychain(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := keychain.New(app.AppID+".probe").Secret(ctx, app.NewID(time.Now()))
	if err == nil || errorsIsNoSecret(err) {
		return
	}
	if os.Getenv("RELAIS_REQUIRE_KEYCHAIN") == "1" {
		t.Fatalf("no keychain: %v", err)
	}
	t.Skipf("no keychain here (%v); run under dbus-run-session -- bash .ci/keyring", err)
}

func errorsIsNoSecret(err error) bool {
	return err != nil && strings.Contains(err.Error(), app.ErrNoSecret.Error())
}

// fakeNetwork is a network's fake server as the kill test drives it.
type fakeNetwork struct {
	conformance.Fake
	add    []string // the account add arguments after "account add"
	secret string   // what goes on standard input
	// keys are the idempotency keys of the create requests the server saw.
	keys func() []string
}

// TestKilledWhilePublishingPostsOnce kills `relais publish --due` after
// the server made the post and before it answered. The next run settles
// the attempt with the server: one post, never two. It also checks that
// the secret is nowhere in the data directory.
func TestKilledWhilePublishingPostsOnce(t *testing.T) {
	needKeychain(t)
	networks := map[string]func(t *testing.T) fakeNetwork{
		"mastodon": func(t *testing.T) fakeNetwork {
			s := mastodontest.Start(t)
			return fakeNetwork{Fake: s, add: []string{"mastodon", "--server", s.URL(), "--token-stdin"}, secret: s.Token(),
				keys: func() []string {
					var keys []string
					for _, r := range s.Requests() {
						if r.Method == "POST" && r.Path == "/api/v1/statuses" {
							keys = append(keys, r.IdempotencyKey)
						}
					}
					return keys
				}}
		},
		"bluesky": func(t *testing.T) fakeNetwork {
			s := blueskytest.Start(t)
			acc, secret := s.Account()
			return fakeNetwork{Fake: s, add: []string{"bluesky", "--handle", acc.Handle, "--pds", s.URL(), "--password-stdin"}, secret: secret.Password,
				keys: func() []string {
					var keys []string
					for _, p := range s.TestPosts() {
						keys = append(keys, p.Rkey)
					}
					return keys
				}}
		},
	}
	for name, start := range networks {
		t.Run(name, func(t *testing.T) {
			server := start(t)
			dir := t.TempDir()

			out, errOut, code := relais(t, server.secret+"\n", append([]string{"--data", dir, "account", "add"}, append(server.add, "--json")...)...)
			if code != 0 {
				t.Fatalf("account add: %d %s %s", code, out, errOut)
			}
			var acc struct{ ID string }
			if err := json.Unmarshal([]byte(out), &acc); err != nil {
				t.Fatalf("account add --json: %v: %s", err, out)
			}
			t.Cleanup(func() { relais(t, "", "--data", dir, "account", "remove", acc.ID) })

			at := time.Now().Add(-time.Minute).Format(time.RFC3339)
			if out, errOut, code := relais(t, "", "--data", dir, "draft", "add", "--text", "Coupé en plein vol", "--account", acc.ID,
				"--at", at, "--status", "scheduled"); code != 0 {
				t.Fatalf("draft add: %d %s %s", code, out, errOut)
			}

			server.FailNext(conformance.OpPublish, conformance.Failure{AfterCreate: true, Delay: time.Minute})
			publishing := relaisProcess("", "--data", dir, "publish", "--due")
			if err := publishing.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for len(server.Posts()) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if len(server.Posts()) != 1 {
				publishing.Process.Kill()
				t.Fatal("the post was not made")
			}
			if err := publishing.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			publishing.Wait()

			out, errOut, code = relais(t, "", "--data", dir, "publish", "--due", "--json")
			if code != 0 {
				t.Fatalf("publish after the kill: %d %s %s", code, out, errOut)
			}
			var results []struct{ State, URL string }
			if err := json.Unmarshal([]byte(out), &results); err != nil || len(results) != 1 || results[0].State != "sent" {
				t.Fatalf("results after the kill: %s (%v)", out, err)
			}
			if n := len(server.Posts()); n != 1 {
				t.Fatalf("%d posts on the server, want 1", n)
			}
			if out, _, _ := relais(t, "", "--data", dir, "publish", "--due"); !strings.Contains(out, "Nothing is due") {
				t.Errorf("a third run: %q", out)
			}
			if keys := server.keys(); len(keys) != 1 || keys[0] == "" {
				t.Errorf("create requests with keys %q, want one, keyed", keys)
			}
			assertNoToken(t, dir, server.secret)
		})
	}
}

// assertNoToken reads every file of the data directory for the token.
func assertNoToken(t *testing.T, dir, token string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(token)) {
			t.Errorf("%s holds the token", e.Name())
		}
	}

}
