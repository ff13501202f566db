package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/zalando/go-keyring"
)

// TestWorkspacesKeepClientsApart connects one account in each of two
// workspaces, on the same fake Mastodon server: each workspace lists its
// own only, each sign-in is its own keychain entry, and removing one
// workspace takes its folder and its sign-in and leaves the other working.
func TestWorkspacesKeepClientsApart(t *testing.T) {
	needKeychain(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	server := mastodontest.Start(t)

	for _, name := range []string{"Boulangerie Martin", "Maison Lumen"} {
		if out, errOut, code := relais(t, "", "workspace", "create", name); code != 0 {
			t.Fatalf("workspace create %s: %d %s %s", name, code, out, errOut)
		}
	}
	add := func(ws, label string) string {
		t.Helper()
		out, errOut, code := relais(t, server.Token()+"\n", "--workspace", ws, "account", "add", "mastodon",
			"--server", server.URL(), "--token-stdin", "--label", label, "--json")
		if code != 0 {
			t.Fatalf("account add in %s: %d %s %s", ws, code, out, errOut)
		}
		var acc struct{ ID string }
		if err := json.Unmarshal([]byte(out), &acc); err != nil {
			t.Fatal(err)
		}
		return acc.ID
	}
	a := add("Boulangerie Martin", "Martin")
	b := add("maison lumen", "Lumen")
	t.Cleanup(func() { relais(t, "", "--workspace", "Boulangerie Martin", "account", "remove", a) })

	list := func(ws string) string {
		t.Helper()
		out, errOut, code := relais(t, "", "--workspace", ws, "account", "list", "--json")
		if code != 0 {
			t.Fatalf("account list in %s: %d %s %s", ws, code, out, errOut)
		}
		return out
	}
	if got := list("Boulangerie Martin"); !strings.Contains(got, a) || strings.Contains(got, b) || strings.Contains(got, "Lumen") {
		t.Errorf("Martin's workspace lists: %s", got)
	}
	if got := list("Maison Lumen"); !strings.Contains(got, b) || strings.Contains(got, a) || strings.Contains(got, "Martin") {
		t.Errorf("Lumen's workspace lists: %s", got)
	}
	// Each account's sign-in is read from its own workspace's entry.
	for ws, id := range map[string]string{"Boulangerie Martin": a, "Maison Lumen": b} {
		if out, errOut, code := relais(t, "", "--workspace", ws, "account", "test", id); code != 0 {
			t.Errorf("account test in %s: %d %s %s", ws, code, out, errOut)
		}
	}

	// The list, with the folders Relais made.
	out, _, code := relais(t, "", "workspace", "list", "--json")
	var listed []struct {
		Name, Dir, ID string
		Default       bool
	}
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != 3 {
		t.Fatalf("workspace list: %d %s", code, out)
	}
	var lumenDir string
	for _, w := range listed {
		if w.Name == "Maison Lumen" {
			lumenDir = w.Dir
		}
	}
	if _, err := os.Stat(filepath.Join(lumenDir, "relais.db")); err != nil {
		t.Fatalf("Lumen's folder: %v", err)
	}

	// Each workspace keeps its own Meta app, and its own sign-in port.
	var ports []string
	for _, ws := range []string{"Boulangerie Martin", "Maison Lumen"} {
		out, errOut, code := relais(t, "0123456789abcdef0123456789abcdef\n", "--workspace", ws, "account", "add", "threads",
			"--app-id", "1234567890", "--app-secret-stdin")
		if code != 0 || !strings.Contains(out, "https://127.0.0.1:") || strings.Contains(out+errOut, "0123456789abcdef") {
			t.Fatalf("account add threads in %s: %d %s %s", ws, code, out, errOut)
		}
		ports = append(ports, out[strings.Index(out, "https://127.0.0.1:"):])
		// Again: the port is the workspace's, kept.
		out, _, _ = relais(t, "0123456789abcdef0123456789abcdef\n", "--workspace", ws, "account", "add", "threads",
			"--app-id", "1234567890", "--app-secret-stdin")
		if !strings.Contains(out, ports[len(ports)-1]) {
			t.Errorf("the redirect URI changed in %s: %s, then %s", ws, ports[len(ports)-1], out)
		}
	}
	var lumenID string
	for _, w := range listed {
		if w.Name == "Maison Lumen" {
			lumenID = w.ID
		}
		if w.Name == "Boulangerie Martin" {
			entry := w.ID + "/" + app.NamedSecretID("meta app threads").String()
			t.Cleanup(func() { keyring.Delete(app.AppID, entry) })
		}
	}
	metaEntry := lumenID + "/" + app.NamedSecretID("meta app threads").String()
	if _, err := keyring.Get(app.AppID, metaEntry); err != nil {
		t.Errorf("Lumen's Threads app is not in the keychain: %v", err)
	}

	// Removing asks first, naming what goes.
	out, _, code = relais(t, "", "workspace", "remove", "Maison Lumen")
	if code != 1 || !strings.Contains(out, "Lumen") || !strings.Contains(out, lumenDir) {
		t.Errorf("remove without --yes: %d %s", code, out)
	}
	if _, err := os.Stat(lumenDir); err != nil {
		t.Fatalf("remove without --yes removed the folder: %v", err)
	}
	if out, errOut, code := relais(t, "", "workspace", "remove", "Maison Lumen", "--yes"); code != 0 {
		t.Fatalf("remove --yes: %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(lumenDir); !os.IsNotExist(err) {
		t.Errorf("the removed workspace's folder is still there: %v", err)
	}
	if _, _, code := relais(t, "", "--workspace", "Maison Lumen", "account", "list"); code == 0 {
		t.Error("the removed workspace still opens")
	}
	if _, err := keyring.Get(app.AppID, metaEntry); err == nil {
		t.Error("the removed workspace's Threads app is still in the keychain")
	}
	// Martin's account still signs in.
	if out, errOut, code := relais(t, "", "--workspace", "Boulangerie Martin", "account", "test", a); code != 0 {
		t.Errorf("Martin's account after Lumen's removal: %d %s %s", code, out, errOut)
	}
}

func TestWorkspaceBadInput(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("LANG", "C")
	for _, name := range []string{"a/b", "..", "x\x00y", strings.Repeat("n", 300), "  "} {
		out, errOut, code := runCLI(t, "workspace", "create", name)
		if code != 1 || !strings.Contains(errOut, "name") {
			t.Errorf("create %q: %d %q %q", name, code, out, errOut)
		}
	}
	if _, errOut, code := runCLI(t, "--workspace", "Nobody", "draft", "list"); code != 1 || !strings.Contains(errOut, "workspace list") {
		t.Errorf("an unknown workspace: %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "--workspace", "A", "--data", t.TempDir(), "draft", "list"); code != 2 {
		t.Errorf("--data with --workspace: exit %d, want 2", code)
	}
	// A folder other users may write to is refused, and left as it was.
	shared := filepath.Join(t.TempDir(), "shared")
	os.Mkdir(shared, 0o777)
	os.Chmod(shared, 0o777)
	if _, errOut, code := runCLI(t, "--data", shared, "draft", "list"); code != 1 || !strings.Contains(errOut, "Other users can write") {
		t.Errorf("a world-writable folder: %d %s", code, errOut)
	}
	if entries, _ := os.ReadDir(shared); len(entries) != 0 {
		t.Errorf("Relais wrote in a folder it refused: %v", entries)
	}
	// Drafts of one workspace are not in another.
	runCLI(t, "workspace", "create", "A")
	runCLI(t, "workspace", "create", "B")
	if _, errOut, code := runCLI(t, "--workspace", "A", "draft", "add", "--text", "Seulement pour A"); code != 0 {
		t.Fatal(errOut)
	}
	if out, _, _ := runCLI(t, "--workspace", "B", "draft", "list"); strings.Contains(out, "Seulement pour A") {
		t.Errorf("B lists A's draft: %s", out)
	}
	if out, _, _ := runCLI(t, "--workspace", "a", "draft", "list"); !strings.Contains(out, "Seulement pour A") {
		t.Errorf("A does not list its draft: %s", out)
	}
}

// TestSwitchingAwayDuringAPublicationHandsOverCleanly releases a
// workspace while its publishing engine waits on a post the server made
// but has not yet confirmed, as switching to another client does: the
// release waits for the engine, frees the folder, and the next run
// settles the post with the server: one post, never two.
func TestSwitchingAwayDuringAPublicationHandsOverCleanly(t *testing.T) {
	needKeychain(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("LANG", "C")
	server := mastodontest.Start(t)
	home, err := relaisHome()
	if err != nil {
		t.Fatal(err)
	}
	registry := newRegistry(home)
	d := newDesk(registry, home, app.LanguageEnglish)
	ctx := context.Background()
	client, err := registry.Create(ctx, "Boulangerie Martin")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := openServices(ctx, client, servicesOptions{forWindow: true})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := svc.accounts.Connect(ctx, app.Account{Network: app.Mastodon, Server: server.URL()}, app.Secret{AccessToken: server.Token()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relais(t, "", "--workspace", client.Name, "account", "remove", acc.ID.String()) })
	server.FailNext(conformance.OpPublish, conformance.Failure{AfterCreate: true, Delay: time.Minute})
	d.start(ctx, svc)

	// Scheduled from the command line, carried out by the open workspace.
	at := time.Now().Add(-time.Minute).Format(time.RFC3339)
	if out, errOut, code := relais(t, "", "--workspace", client.Name, "draft", "add", "--text", "Fournée du matin",
		"--account", acc.ID.String(), "--at", at, "--status", "scheduled"); code != 0 {
		t.Fatalf("draft add: %d %s %s", code, out, errOut)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(server.Posts()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(server.Posts()) != 1 {
		t.Fatal("the post was not made")
	}

	// The window now shows another workspace: this one is released while
	// the server still holds its answer back.
	released := make(chan struct{})
	go func() {
		d.Release(client.ID)
		close(released)
	}()
	select {
	case <-released:
	case <-time.After(30 * time.Second):
		t.Fatal("releasing the workspace waits for the server's answer")
	}
	if d.isOpen(client.ID) {
		t.Error("the released workspace is still open")
	}
	if _, err := os.Stat(filepath.Join(client.Dir, "relais.sock")); !os.IsNotExist(err) {
		t.Errorf("the released workspace still answers on its socket: %v", err)
	}

	// Its folder is free, and nothing was half-written: the next run
	// settles the attempt with the server.
	out, errOut, code := relais(t, "", "--workspace", client.Name, "publish", "--due", "--json")
	if code != 0 {
		t.Fatalf("publish after the switch: %d %s %s", code, out, errOut)
	}
	if n := len(server.Posts()); n != 1 {
		t.Fatalf("%d posts on the server, want 1", n)
	}
	if out, _, _ := relais(t, "", "--workspace", client.Name, "draft", "list", "--json"); !strings.Contains(out, `"published"`) {
		t.Errorf("the post after the hand-over: %s", out)
	}
}

func TestVersionAndHelpWithAnUnreadableListOfWorkspaces(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("LANG", "C")
	os.MkdirAll(filepath.Join(config, "relais"), 0o700)
	os.WriteFile(filepath.Join(config, "relais", "workspaces.json"), []byte("not json"), 0o600)
	if out, errOut, code := runCLI(t, "--version"); code != 0 || !strings.HasPrefix(out, "Relais ") {
		t.Errorf("--version: %d %q %q", code, out, errOut)
	}
	if out, _, code := runCLI(t, "--help"); code != 0 || !strings.Contains(out, filepath.Join(config, "relais")) {
		t.Errorf("--help: %d %q", code, out)
	}
	// A command says what is wrong with the list.
	if _, errOut, code := runCLI(t, "draft", "list"); code != 1 || !strings.Contains(errOut, "workspaces.json") {
		t.Errorf("draft list: %d %q", code, errOut)
	}
}
