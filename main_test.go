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
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/ui"
	"github.com/relais-app/relais/ui/cli"
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
func runningRelais(t *testing.T) (string, *services) {
	t.Helper()
	dir, db := openHeld(t)
	drafts := app.NewDrafts(db, app.SystemClock{})
	ws := &services{drafts: drafts, calendar: app.NewCalendar(db, drafts, app.SystemClock{}, time.Local), settings: app.NewSettings(db), dataDir: dir, systemLang: app.LanguageEnglish}
	ws.monitor = monitor.NewService(db, nil, rss.Watcher{}, app.SystemClock{})
	server, err := instance.Listen(dir, func(ctx context.Context, req instance.Request) instance.Response {
		return ws.serve(ctx, func(cli.Command) {}, req)
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

func TestVersionComesFromFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	build := regexp.MustCompile(`(?m)^\s*Build\s*=\s*(\d+)`).FindSubmatch(toml)
	id := regexp.MustCompile(`(?m)^\s*ID\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if version == nil || build == nil || id == nil {
		t.Fatalf("FyneApp.toml has no Version, Build or ID:\n%s", toml)
	}
	info := appInfo()
	if info.Version != string(version[1]) || strconv.Itoa(info.Build) != string(build[1]) || info.ID != string(id[1]) {
		t.Errorf("embedded %+v; FyneApp.toml says %s (build %s), %s", info, version[1], build[1], id[1])
	}
	// The network requests' User-Agent and the .ics PRODID say app.Version.
	if app.Version != info.Version {
		t.Errorf("app.Version %q, FyneApp.toml %q", app.Version, info.Version)
	}
	if string(id[1]) != app.AppID {
		t.Errorf("FyneApp.toml ID %q, app.AppID %q", id[1], app.AppID)
	}
	out, _, code := runCLI(t, "--version")
	want := "Relais " + string(version[1]) + " (build " + string(build[1]) + ")\n" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if code != 0 || out != want {
		t.Errorf("--version: %d %q; want %q", code, out, want)
	}
}

func TestLicenceFileIsTheShippedOne(t *testing.T) {
	root, err := os.ReadFile("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join("assets", "licenses", "GPL-3.0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(root, shipped) {
		t.Error("LICENSE and assets/licenses/GPL-3.0.txt differ: the About box would show another licence than the repository's")
	}
	if !bytes.Contains(root, []byte("GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007")) {
		t.Error("LICENSE is not the GPL, version 3")
	}
}

func TestPackagedMetadataMustAgreeWithFyneAppToml(t *testing.T) {
	info := appInfo()
	if err := ui.MetadataAgrees(info, fyne.AppMetadata{}); err != nil {
		t.Errorf("go build (no packaged details): %v", err)
	}
	same := fyne.AppMetadata{ID: info.ID, Name: info.Name, Version: info.Version, Build: info.Build}
	if err := ui.MetadataAgrees(info, same); err != nil {
		t.Errorf("fyne package of the same FyneApp.toml: %v", err)
	}
	other := same
	other.Version = "9.9.9" // fyne package --app-version 9.9.9
	if err := ui.MetadataAgrees(info, other); err == nil {
		t.Error("a packaged version other than FyneApp.toml's goes unnoticed")
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
	if d := time.Since(start); d > (lockTries+1)*lockWait {
		t.Errorf("took %v to give up", d)
	}
}

func TestCommandWaitsForAnotherCommandsLock(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, db := openHeld(t)
	// Another command holds the file for a while, longer than one wait.
	go func() {
		time.Sleep(lockWait + lockWait/2)
		db.Close()
	}()
	_, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--text", "waited")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestChecksRunSideBySide(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "--data", dir, "draft", "add", "--text", "made"); code != 0 {
		t.Fatalf("draft add: exit %d, stderr %q", code, errOut)
	}
	// Another check (or a listing) reads the file all along: a check
	// only reads, so it runs beside it at once instead of waiting.
	db, err := storage.Open(dir, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out, errOut, code := runCLI(t, "--data", dir, "check", "Bonjour à tous.")
	if code != 0 {
		t.Fatalf("check: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestDamagedDatabaseIsSetAsideAndExplained(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir := t.TempDir()
	if _, _, code := runCLI(t, "--data", dir, "draft", "add", "--text", "kept"); code != 0 {
		t.Fatal("draft add failed")
	}
	if _, _, code := runCLI(t, "--data", dir, "backup"); code != 0 {
		t.Fatal("backup failed")
	}
	path := filepath.Join(dir, storage.FileName)
	garbage := bytes.Repeat([]byte("damaged "), 8192)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "--data", dir, "draft", "list")
	if code != 1 || !strings.Contains(errOut, path+" is damaged") || !strings.Contains(errOut, "relais restore ") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	moved, _ := filepath.Glob(path + ".damaged-*")
	if len(moved) != 1 {
		t.Fatalf("set aside: %v", moved)
	}
	if b, _ := os.ReadFile(moved[0]); !bytes.Equal(b, garbage) {
		t.Error("the damaged file was changed")
	}
	// The command the message gives brings the draft back.
	command := errOut[strings.Index(errOut, "relais restore ")+len("relais "):]
	args := regexp.MustCompile(`"[^"]*"|\S+`).FindAllString(strings.TrimSpace(command), -1)
	for i, a := range args {
		args[i] = strings.Trim(a, `"`)
	}
	if _, errOut, code := runCLI(t, args...); code != 0 {
		t.Fatalf("%v: exit %d, %q", args, code, errOut)
	}
	out, _, _ := runCLI(t, "--data", dir, "draft", "list")
	if !strings.Contains(out, "kept") {
		t.Errorf("after restoring: %q", out)
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

// relais --background started (at login) while Relais runs leaves its
// window as it is (runningRelais has none: presenting it would crash).
func TestBackgroundWhileRunningShowsNothing(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, _ := runningRelais(t)
	out, errOut, code := runCLI(t, "--data", dir, "--background")
	if code != 0 || out != "Relais is already running; its window stays as it is.\n" {
		t.Errorf("exit %d, %q, %q", code, out, errOut)
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

// With the window open, an export onto the database is refused, as it
// is without (issue 15: it replaced the database and said "written").
func TestExportOntoTheDatabaseIsRefusedByARunningRelais(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir, _ := runningRelais(t)
	db := filepath.Join(dir, "relais.db")
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "--data", dir, "export", "ics", "--out", db, "--force")
	if code != 1 || !strings.Contains(errOut, "belongs to Relais’s data folder") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if after, err := os.ReadFile(db); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the database changed: %v", err)
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

// A running window is handed relais collect as sync is: it reads every
// account, so it must not be cut off after the two minutes of a command.
func TestForwardTimeoutLetsCollectReadEveryAccount(t *testing.T) {
	collect, sync := forwardTimeout(cli.Command{Action: cli.ActionCollect}), forwardTimeout(cli.Command{Action: cli.ActionSync})
	if collect < sync || collect < 10*app.CollectTimeout {
		t.Errorf("collect is given %v, sync %v", collect, sync)
	}
}
