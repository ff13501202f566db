package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui/instance"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// runningRelais opens a data directory and answers on its socket as a
// running window does (without the window: commands only).
func runningRelais(t *testing.T) (string, workspace) {
	t.Helper()
	dir, db := openHeld(t)
	drafts := app.NewDrafts(db, app.SystemClock{})
	ws := workspace{drafts: drafts, calendar: app.NewCalendar(db, drafts, app.SystemClock{}, time.Local), settings: app.NewSettings(db), dataDir: dir, systemLang: app.LanguageEnglish}
	server, err := instance.Listen(dir, func(ctx context.Context, req instance.Request) instance.Response {
		return ws.serve(ctx, nil, req)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Close() })
	return dir, ws
}

// openHeld opens a new data directory's store, holding its lock as a
// running Relais does.
func openHeld(t *testing.T) (string, *storage.DB) {
	t.Helper()
	dir := t.TempDir()
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return dir, db
}

func TestVersionMatchesFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	id := regexp.MustCompile(`(?m)^\s*ID\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if version == nil || string(version[1]) != app.Version {
		t.Errorf("FyneApp.toml version %q, app.Version %q", version, app.Version)
	}
	if id == nil || string(id[1]) != app.AppID {
		t.Errorf("FyneApp.toml ID %q, app.AppID %q", id, app.AppID)
	}
	out, _, code := runCLI(t, "--version")
	if code != 0 || strings.TrimSpace(out) != "Relais "+app.Version {
		t.Errorf("--version: %d %q", code, out)
	}
}

func TestDraftAddThenListJSON(t *testing.T) {
	t.Setenv("LANG", "C")
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--title", "Teaser", "--text", "Lundi, du nouveau !", "--tag", "launch", "--tag", "#fr", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("draft add: exit %d, stderr %q", code, errOut)
	}
	var added map[string]any
	if err := json.Unmarshal([]byte(out), &added); err != nil {
		t.Fatalf("draft add --json printed %q: %v", out, err)
	}
	if added["title"] != "Teaser" || added["text"] != "Lundi, du nouveau !" || added["status"] != "draft" {
		t.Errorf("added %v", added)
	}
	out, _, code = runCLI(t, "draft", "list", "--json", "--data", dir)
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil || code != 0 {
		t.Fatalf("draft list --json: exit %d, %q: %v", code, out, err)
	}
	if len(listed) != 1 || listed[0]["id"] != added["id"] {
		t.Fatalf("listed %v", listed)
	}
	if tags, _ := listed[0]["tags"].([]any); len(tags) != 2 || tags[0] != "launch" || tags[1] != "fr" {
		t.Errorf("tags %v", listed[0]["tags"])
	}
}

func TestBadCommandLines(t *testing.T) {
	t.Setenv("LANG", "fr_FR.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LANGUAGE", "")
	cases := [][]string{
		{"--bogus"},
		{"draft", "add"},
		{"--view", "nowhere"},
		{"publish"},
		{"draft", "list", "--data"},
	}
	for _, args := range cases {
		out, errOut, code := runCLI(t, args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, stdout %q", args, code, out)
		}
		if !strings.Contains(errOut, "relais --help") || !strings.HasPrefix(errOut, "relais : ") {
			t.Errorf("%v: stderr not a French usage message: %q", args, errOut)
		}
	}
}

func TestLockedDataDirectoryIsExplained(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, _ := openHeld(t)
	start := time.Now()
	_, errOut, code := runCLI(t, "--data", dir, "draft", "list")
	if code != 1 || !strings.Contains(errOut, "Another Relais is already using this data directory") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if d := time.Since(start); d > 3*lockWait {
		t.Errorf("took %v to give up", d)
	}
}

func TestCommandIsServedByTheRunningRelais(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, ws := runningRelais(t)

	start := time.Now()
	out, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--text", "via the window's Relais", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if d := time.Since(start); d > lockWait {
		t.Errorf("forwarding took %v: it waited on the lock", d)
	}
	var added struct{ ID string }
	if err := json.Unmarshal([]byte(out), &added); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	posts, err := ws.drafts.Find(context.Background(), "")
	if err != nil || len(posts) != 1 || posts[0].ID.String() != added.ID {
		t.Fatalf("the running Relais holds %+v (%v)", posts, err)
	}
	_, errOut, code = runCLI(t, "--data", dir, "draft", "add")
	if code != 2 || !strings.Contains(errOut, "draft add needs --text") {
		t.Errorf("a bad command served remotely: exit %d, %q", code, errOut)
	}
}

func TestRelativeExportPathIsTheCallers(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, _ := runningRelais(t)
	caller := t.TempDir()
	t.Chdir(caller)
	if _, errOut, code := runCLI(t, "--data", dir, "export", "ics", "--out", "plan.ics"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(caller, "plan.ics")); err != nil {
		t.Errorf("the running Relais did not write in the caller's directory: %v", err)
	}
}

// A Relais that took "draft add" and crashed before answering may have
// saved the draft: the command is reported, never carried out again.
func TestCommandTakenButNotAnsweredIsNotRepeated(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir := t.TempDir()
	ln, err := net.Listen("unix", instance.SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		bufio.NewReader(conn).ReadBytes('\n')
		conn.Close()
	}()
	_, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--text", "once")
	if code != 1 || !strings.Contains(errOut, "may have been done") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	ln.Close()
	out, _, _ := runCLI(t, "--data", dir, "draft", "list", "--json")
	if strings.Contains(out, "once") {
		t.Error("the command was carried out a second time by the caller")
	}
}

// A socket in a data folder others can write to may be another user's: the
// command (and a token with it) is not sent to it, and the user is told.
func TestCommandToASocketOthersCouldPlantIsRefused(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir := t.TempDir()
	ln, err := net.Listen("unix", instance.SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if conn, err := ln.Accept(); err == nil {
			accepted <- struct{}{}
			conn.Close()
		}
	}()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--text", "secret plan")
	if code != 1 || !strings.Contains(errOut, "not yours alone") || !strings.Contains(errOut, "Nothing was sent") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	select {
	case <-accepted:
		t.Error("the command line connected to the planted socket")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestUserZoneHasAName(t *testing.T) {
	noLink := func(string) (string, error) { return "", os.ErrNotExist }
	env := func(v string) func(string) string { return func(string) string { return v } }
	if got := userZone(env("Europe/Paris"), noLink).String(); got != "Europe/Paris" {
		t.Errorf("TZ=Europe/Paris gives %q", got)
	}
	if got := userZone(env(":America/New_York"), noLink).String(); got != "America/New_York" {
		t.Errorf("TZ=:America/New_York gives %q", got)
	}
	link := func(string) (string, error) { return "/usr/share/zoneinfo/Europe/Paris", nil }
	if got := userZone(env(""), link).String(); got != "Europe/Paris" {
		t.Errorf("/etc/localtime to Paris gives %q", got)
	}
	if got := userZone(env("Nowhere/Land"), noLink); got != time.Local {
		t.Errorf("an unknown zone gives %v, want Local", got)
	}
}
