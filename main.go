// Command relais is Relais, the desktop workspace of community managers:
// with no command it opens the window; with one (relais draft add …) it
// scripts the same workspace without a window. See README.md.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/app/monitor/sentiment"
	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/embedded"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/instagram"
	"github.com/relais-app/relais/connectors/loopback"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain"
	"github.com/relais-app/relais/storage/media"
	"github.com/relais-app/relais/storage/s3host"
	"github.com/relais-app/relais/storage/workspaces"
	"github.com/relais-app/relais/ui"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/cli"
	"github.com/relais-app/relais/ui/i18n"
	"github.com/relais-app/relais/ui/instance"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// fyneAppToml is FyneApp.toml, the one source of Relais's name, ID,
// version and build (fyne package reads it too).
//
//go:embed FyneApp.toml
var fyneAppToml []byte

// appInfo is what FyneApp.toml says of Relais; a test makes sure it reads.
func appInfo() appinfo.Info {
	info, err := appinfo.Parse(fyneAppToml)
	if err != nil {
		panic(err)
	}
	return info
}

// lockWait is how long to wait for the data directory's database when
// another process holds it, before asking that process to do the work.
const lockWait = 2 * time.Second

// lockTries is how many times a command waits lockWait for the database,
// asking the Relais that holds it in between, before saying it is busy:
// 100 commands started at once each wait for the others rather than fail.
// The window waits once, as before: nothing shows while it waits.
const lockTries = 15

func run(args []string, stdout, stderr io.Writer) int {
	systemLang := i18n.Detect(os.Getenv)
	info := appInfo()
	cmd, err := cli.Parse(args)
	if err != nil {
		cli.PrintError(stderr, i18n.New(systemLang), err)
		return cli.ExitUsage
	}
	tr := i18n.New(i18n.Resolve(cmd.Lang, app.LanguageAuto, systemLang))
	home, err := relaisHome()
	if err != nil {
		fmt.Fprintln(stderr, tr.T("cli.error", "message", tr.T("error.no_data_dir")))
		return cli.ExitError
	}
	registry := newRegistry(home)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	current, err := chooseWorkspace(ctx, cmd, registry)
	switch cmd.Action {
	case cli.ActionHelp, cli.ActionVersion:
		// Whatever the list of workspaces says: help names the folder it
		// would use, or the default one.
		dataDir := home
		if err == nil {
			dataDir = current.Dir
		}
		return cli.Run(context.Background(), cmd, cli.Env{Tr: tr, DataDir: dataDir, Info: info, Stdout: stdout, Stderr: stderr})
	}
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	dataDir := current.Dir
	if cmd.Action == cli.ActionRestore {
		// Into a new folder: no database to open, no Relais to ask.
		workDir, _ := os.Getwd()
		return cli.Run(context.Background(), cmd, cli.Env{Tr: tr, DataDir: dataDir, WorkDir: workDir, Stdout: stdout, Stderr: stderr, Restore: restoreBackup})
	}
	if cmd.IsWorkspaceCommand() {
		// The list of workspaces, not one of them: no database to open.
		d := newDesk(registry, home, systemLang)
		return cli.Run(ctx, cmd, cli.Env{Tr: tr, Workspace: current, Workspaces: d, Stdout: stdout, Stderr: stderr})
	}

	// A Relais already open on this data directory does the work itself.
	workDir, err := os.Getwd()
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	// A token, a password or a reply's text on standard input is read
	// now, so that a running Relais can be handed it with the command.
	var stdin string
	if cmd.ReadsStdin() {
		if stdin, err = cmd.ReadInput(os.Stdin); err != nil {
			cli.PrintError(stderr, tr, err)
			return cli.ExitError
		}
	}
	req := instance.Request{Args: args, Lang: string(systemLang), Dir: workDir, Stdin: stdin}
	if code, ok := forward(ctx, dataDir, req, forwardTimeout(cmd), stdout, stderr); ok {
		return code
	}
	if cmd.Action == cli.ActionWindow && cmd.DataDir == "" {
		// One window for the user: a Relais that shows another workspace
		// switches to this one.
		if code, ok := forwardToWindow(ctx, registry, req, stdout, stderr); ok {
			return code
		}
	}
	open := func() (*services, error) {
		return openServices(ctx, current, servicesOptions{forWindow: cmd.Action == cli.ActionWindow, readOnly: cmd.ReadOnly()})
	}
	svc, err := open()
	tries := lockTries
	if cmd.Action == cli.ActionWindow {
		tries = 1 // started from an icon, nothing shows while it waits
	}
	for try := 1; errors.Is(err, app.ErrWorkspaceLocked) && try < tries; try++ {
		// A Relais that was starting answers now; another command holds
		// the file for a moment only: wait for it, bounded.
		if code, ok := forward(ctx, dataDir, req, forwardTimeout(cmd), stdout, stderr); ok {
			return code
		}
		svc, err = open()
	}
	if d, ok := app.AsDamaged(err); ok && cmd.Action == cli.ActionWindow {
		// Set aside untouched; the user chooses what Relais opens instead.
		cli.PrintError(stderr, tr, err)
		return afterDamage(tr, d, dataDir, args, stderr)
	}
	if errors.Is(err, app.ErrWorkspaceLocked) {
		// It may have been starting: ask once more before giving up.
		if code, ok := forward(ctx, dataDir, req, forwardTimeout(cmd), stdout, stderr); ok {
			return code
		}
	}
	if err != nil {
		cli.PrintError(stderr, tr, err)
		if cmd.Action == cli.ActionWindow {
			// Started from a desktop icon, nobody reads stderr: say it in a window.
			ui.UseLanguageInFyne(tr.Language())
			ui.ShowStartupError(fyneapp.NewWithID(app.AppID), "Relais", tr.Error(err), tr.T("action.quit"))
		}
		return cli.ExitError
	}
	defer svc.close()
	svc.systemLang, svc.appInfo = systemLang, info
	saved, err := svc.settings.Language(ctx)
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	if cmd.Action != cli.ActionWindow {
		env := svc.env(cmd, saved, systemLang, workDir, stdin, stdout, stderr)
		env.Compact = svc.db.Compact // no window holds the file: doctor may rewrite it
		if cmd.PastesSignIn() {
			// The address the browser ends on is pasted once the page is
			// open, after the app's secret (if any) read above.
			var first io.Reader = strings.NewReader("")
			if cmd.ReadsStdin() {
				first = strings.NewReader(stdin + "\n")
			}
			env.Stdin = io.MultiReader(first, os.Stdin)
		}
		return cli.Run(ctx, cmd, env)
	}
	d := newDesk(registry, home, systemLang)
	d.info = info
	return d.openWindow(ctx, cmd, svc, saved)
}

// relaisHome is Relais's folder in the user's configuration directory:
// the default workspace's data directory, beside the list of workspaces
// and the folders of the others.
func relaisHome() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "relais"), nil
}

// newRegistry is the list of workspaces kept in home.
func newRegistry(home string) *workspace.Registry {
	return workspace.NewRegistry(workspaces.NewFile(filepath.Join(home, workspaces.FileName)), app.SystemClock{},
		home, filepath.Join(home, "workspaces"))
}

// chooseWorkspace is the workspace a command runs in: --data's folder
// (known to the list or not: the list is not written for it), the one
// --workspace names, or else the one the window last opened.
func chooseWorkspace(ctx context.Context, cmd cli.Command, registry *workspace.Registry) (workspace.Workspace, error) {
	switch {
	case cmd.DataDir != "":
		dir, err := filepath.Abs(cmd.DataDir)
		if err != nil {
			return workspace.Workspace{}, err
		}
		return registry.AtDir(ctx, dir)
	case cmd.Workspace != "":
		return registry.Find(ctx, cmd.Workspace)
	}
	list, err := registry.List(ctx)
	if err != nil {
		return workspace.Workspace{}, err
	}
	return list[0], nil
}

// userZone is the user's time zone with its IANA name, so that what is
// planned in it repeats at the same wall-clock time across daylight saving:
// $TZ, else the zone /etc/localtime links to, else Go's Local (which has
// no name to store).
func userZone(getenv func(string) string, readlink func(string) (string, error)) *time.Location {
	name := strings.TrimPrefix(getenv("TZ"), ":")
	if name == "" {
		if target, err := readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(target, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.Local
}

// forward hands the command line to the Relais that has dataDir open, and
// prints its answer. ok is false when no Relais took the command, so the
// caller may carry it out itself; a Relais that took it but did not answer
// may have carried it out, so that is reported, never done again.
func forward(ctx context.Context, dataDir string, req instance.Request, timeout time.Duration, stdout, stderr io.Writer) (code int, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := instance.Send(ctx, dataDir, req)
	tr := i18n.New(app.Language(req.Lang))
	var tooLarge *instance.TooLargeError
	switch {
	case errors.Is(err, instance.ErrNoAnswer):
		fmt.Fprintln(stderr, tr.T("cli.error", "message", tr.T("error.no_answer")))
		return cli.ExitError, true
	case errors.Is(err, instance.ErrNotPrivate):
		// Nothing was sent; neither is the command carried out here, in
		// a folder another user can reach.
		fmt.Fprintln(stderr, tr.T("cli.error", "message", tr.T("error.socket_not_private", "reason", err.Error())))
		return cli.ExitError, true
	case errors.As(err, &tooLarge):
		fmt.Fprintln(stderr, tr.T("cli.error", "message", tr.T("error.command_too_large",
			"size", strconv.Itoa(tooLarge.Size>>20), "max", strconv.Itoa(tooLarge.Max>>20))))
		return cli.ExitError, true
	}
	if err != nil {
		return 0, false
	}
	io.WriteString(stdout, resp.Stdout)
	io.WriteString(stderr, resp.Stderr)
	return resp.Code, true
}

// forwardToWindow hands the command line to a Relais that has any of the
// workspaces open; ok is false when none runs.
func forwardToWindow(ctx context.Context, registry *workspace.Registry, req instance.Request, stdout, stderr io.Writer) (code int, ok bool) {
	list, err := registry.List(ctx)
	if err != nil {
		return 0, false
	}
	for _, w := range list {
		if code, ok := forward(ctx, w.Dir, req, 10*time.Second, stdout, stderr); ok {
			return code, true
		}
	}
	return 0, false
}

// forwardTimeout is how long a running Relais may take to answer a
// command: a sync reads every account, each for up to app.SyncTimeout,
// then their figures; a collect every account's figures, each for up to
// app.CollectTimeout.
func forwardTimeout(cmd cli.Command) time.Duration {
	if cmd.Action == cli.ActionSync || cmd.Action == cli.ActionCollect || cmd.Action == cli.ActionWatchRun || cmd.Action == cli.ActionCompetitorRun {
		return 30 * time.Minute
	}
	return 2 * time.Minute
}

// services are one open data directory's store and the services over
// it.
type services struct {
	info       workspace.Workspace
	db         *storage.DB
	drafts     *app.Drafts
	calendar   *app.Calendar
	accounts   *app.Accounts
	publishing *app.Publishing
	inbox      *app.Inbox
	analytics  *app.Analytics
	monitor    *monitor.Service
	impostors  *impostor.Guard
	notices    *ui.Notices
	proof      *app.Lazy
	media      app.MediaStore
	settings   app.Settings
	// mediaStorage is the bucket the user owns where images for
	// Instagram and Threads are staged.
	mediaStorage *app.MediaStorage
	dataDir      string
	systemLang   app.Language
	appInfo      appinfo.Info

	// competitors are the competitors' accounts the veille follows.
	competitors *monitor.Competitors
	// renewal renews Instagram's and Threads' tokens before they end.
	renewal *app.SignInRenewal
}

// servicesOptions say how a workspace is opened.
type servicesOptions struct {
	// forWindow is true for the window's Relais, whose inbox notifies: a
	// command-line sync leaves notifications to the window, rather than
	// marking items told that nobody was shown.
	forWindow bool
	// readOnly opens the database read-only, for the commands that only
	// read (a damaged file is never written).
	readOnly bool
}

// openServices opens a workspace's data directory and makes its services.
func openServices(ctx context.Context, info workspace.Workspace, opts servicesOptions) (*services, error) {
	dataDir := info.Dir
	if err := workspaces.CheckPrivate(dataDir); err != nil {
		return nil, err
	}
	db, err := storage.Open(dataDir, storage.Options{LockTimeout: lockWait, ReadOnly: opts.readOnly})
	if err != nil {
		return nil, err
	}
	svc, err := newServices(ctx, db, info, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return svc, nil
}

func newServices(ctx context.Context, db *storage.DB, info workspace.Workspace, opts servicesOptions) (*services, error) {
	dataDir := info.Dir
	settings := app.NewSettings(db)
	// The keychain's entries of this workspace carry its ID, kept in its
	// own database so that it follows the folder. A read-only run takes
	// the one stored: none means the sign-ins are still named as before
	// workspaces.
	var id app.ID
	var err error
	if opts.readOnly {
		id, err = settings.StoredWorkspaceID(ctx)
	} else {
		id, err = settings.WorkspaceID(ctx, info.ID)
	}
	if err != nil {
		return nil, err
	}
	info.ID = id
	files, err := media.Open(filepath.Join(dataDir, "media"))
	if err != nil {
		return nil, err
	}
	clock := app.SystemClock{}
	zone := userZone(os.Getenv, os.Readlink)
	drafts := app.NewDrafts(db, clock)
	// Every post and reply is proofread before it leaves; the dictionaries
	// are read the first time a text is checked, never before the window.
	proof := embedded.Lazy(&http.Client{Timeout: 10 * time.Second})
	if words, err := settings.PersonalWords(ctx); err == nil {
		proof.SetPersonal(words)
	} else {
		fyne.LogError("reading the personal dictionary", err)
	}
	proof.SetEnglishVariant(settings.EnglishVariant(ctx))
	drafts.UseProofreader(proof)
	// Sign-ins live in the OS keychain only; the networks Relais speaks.
	secrets := keychain.New(app.AppID).ForWorkspace(id)
	// Browser sign-ins come back to the workspace's own port, so that the
	// client registered on a Mastodon server (kept in the keychain) and
	// the redirect URI in the user's Meta app stay valid.
	masto := mastodon.NewDialer()
	signInPort := func(ctx context.Context) (int, error) { return loopback.WorkspacePort(ctx, settings) }
	masto.SignInPort = signInPort
	masto.Clients = app.NamedSecretsIn(secrets)
	// Threads fetches images by address: they are staged in the media
	// storage the user owns (Settings), presigned for a few minutes.
	mediaStorage := app.NewMediaStorage(db, secrets, s3host.Opener(s3host.Options{}))
	threadsDialer := threads.NewDialer()
	threadsDialer.Media = &app.MediaStager{Storage: mediaStorage, Clock: clock}
	// A Facebook Page, an Instagram account and Threads sign in with the
	// user's own Meta app (kept by accounts, set below). Instagram makes
	// each image a JPEG it takes first.
	facebookDialer := facebook.NewDialer()
	igDialer := instagram.NewDialer()
	igDialer.Media = &app.MediaStager{Storage: mediaStorage, Clock: clock}
	registry := app.NewRegistry(masto, bluesky.NewDialer(), rss.NewDialer(), threadsDialer, facebookDialer, igDialer)
	accounts := app.NewAccounts(db, secrets, registry, files, clock)
	accounts.UseSignInPort(signInPort)
	facebookDialer.Apps = accounts.MetaApps()
	threadsDialer.Apps = accounts.MetaApps()
	igDialer.Apps = accounts.MetaApps()
	// A post is held to its account's limits, as its server announced them.
	drafts.UseLimits(accounts)
	drafts.UseQuotas(accounts)
	notices := ui.NewNotices()
	var inboxNotifier app.Notifier
	if opts.forWindow {
		inboxNotifier = notices
	}
	svc := &services{
		info:       info,
		db:         db,
		media:      files,
		drafts:     drafts,
		calendar:   app.NewCalendar(db, drafts, clock, zone),
		accounts:   accounts,
		publishing: app.NewPublishing(db, drafts, accounts, files, clock, zone, notices),
		inbox:      app.NewInbox(db, accounts, clock, zone, inboxNotifier),
		analytics:  app.NewAnalytics(db, accounts, clock, zone),
		renewal:    app.NewSignInRenewal(accounts, clock, inboxNotifier),
		notices:    notices,
		proof:      proof,
		settings:   settings,
		dataDir:    dataDir,
		// Its settings in the workspace, its secret key in the keychain.
		mediaStorage: mediaStorage,
	}
	svc.inbox.UseProofreader(proof)
	svc.analytics.UseInbox(svc.inbox)
	// The veille searches through the connected accounts, and reads feeds.
	svc.monitor = monitor.NewService(db, accounts, rss.Watcher{Dialer: rss.NewDialer()}, clock)
	svc.monitor.UseSettings(db)
	// Items whose source does not tell their language get the
	// proofreader's guess (French or English).
	svc.monitor.UseDetector(monitor.DetectorFunc(func(text string) string { return string(proofread.Detect(text)) }))
	// Each new item gets its tone (the lexicons are read at the first).
	svc.monitor.UseScorer(sentiment.Scorer{Analyzer: sentiment.New()})
	// A bad buzz is told by the window's Relais, as the inbox's items;
	// the zone sets the hours of day of every watch's baseline.
	svc.monitor.UseNotifier(inboxNotifier, zone)
	// Competitors' public accounts, read through the connected accounts;
	// reports carry them and the share of voice beside the brand's own.
	svc.competitors = monitor.NewCompetitors(db, accounts, clock, zone)
	svc.analytics.UseVeille(monitor.Figures{Watches: svc.monitor, Rivals: svc.competitors})
	// Impostors are searched on the veille's schedule and on Refresh
	// now, through the connected accounts; a new suspect is told as a
	// spike is.
	svc.impostors = impostor.NewGuard(db, accounts, db, clock)
	svc.impostors.UseNotifier(inboxNotifier)
	// …following the inbox's quiet hours and pause.
	svc.impostors.UseSettings(db, zone)
	svc.monitor.UseSidePass(svc.impostors)
	return svc, nil
}

// close releases the data directory.
func (svc *services) close() error { return svc.db.Close() }

func (ws *services) env(cmd cli.Command, saved, system app.Language, workDir, stdin string, stdout, stderr io.Writer) cli.Env {
	lang := i18n.Resolve(cmd.Lang, saved, system)
	env := cli.Env{
		Drafts: ws.drafts, Calendar: ws.calendar, Accounts: ws.accounts, Publishing: ws.publishing, Inbox: ws.inbox, Monitor: ws.monitor, Competitors: ws.competitors, Impostors: ws.impostors, Analytics: ws.analytics, Media: ws.media, Proofreader: ws.proof,
		Clock: app.SystemClock{}, WorkDir: workDir, Stdin: strings.NewReader(stdin),
		Tr: i18n.New(lang), DataDir: ws.dataDir, Info: ws.appInfo, Workspace: ws.info, Stdout: stdout, Stderr: stderr,
		Restore: restoreBackup, MediaStorage: ws.mediaStorage,
	}
	if ws.db != nil {
		env.Store = ws.db
	}
	return env
}

// restoreBackup is storage.Restore for the command line and the window.
func restoreBackup(zipPath, dataDir string, force bool) error {
	return storage.Restore(zipPath, dataDir, storage.RestoreOptions{Force: force})
}

// serve runs the command line of a second Relais in this one.
func (ws *services) serve(ctx context.Context, present func(cmd cli.Command), req instance.Request) instance.Response {
	// Speak the language of the process that asked, as it would have.
	theirLang, err := app.ParseLanguage(req.Lang)
	if err != nil {
		theirLang = app.LanguageAuto
	}
	theirs := i18n.New(theirLang)
	var stdout, stderr bytes.Buffer
	cmd, err := cli.Parse(req.Args)
	if err != nil {
		cli.PrintError(&stderr, theirs, err)
		return instance.Response{Stderr: stderr.String(), Code: cli.ExitUsage}
	}
	if cmd.Action == cli.ActionWindow && cmd.Background {
		// Started at login while Relais already runs: nothing to show.
		return instance.Response{Stdout: theirs.T("cli.already_running") + "\n"}
	}
	if cmd.Action == cli.ActionWindow {
		present(cmd)
		return instance.Response{Stdout: theirs.T("cli.forwarded") + "\n"}
	}
	saved, err := ws.settings.Language(ctx)
	if err != nil {
		saved = app.LanguageAuto
	}
	code := cli.Run(ctx, cmd, ws.env(cmd, saved, theirLang, req.Dir, req.Stdin, &stdout, &stderr))
	return instance.Response{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}

// afterDamage asks the user of the window what to open instead of a
// damaged workspace, set aside untouched, and starts Relais again on it:
// a Fyne app runs once per process.
func afterDamage(tr *i18n.Translator, d *app.DamagedError, dataDir string, args []string, stderr io.Writer) int {
	ui.UseLanguageInFyne(tr.Language())
	switch ui.AskAfterDamage(fyneapp.NewWithID(app.AppID), tr, d, app.SystemClock{}.Now()) {
	case ui.DamagedOpenBackup:
		if err := restoreBackup(d.Backup, dataDir, false); err != nil {
			cli.PrintError(stderr, tr, err)
			return cli.ExitError
		}
	case ui.DamagedStartEmpty:
	default:
		return cli.ExitError
	}
	exe, err := os.Executable()
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	again := exec.Command(exe, args...)
	again.Stdout, again.Stderr = os.Stdout, os.Stderr
	if err := again.Start(); err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	return cli.ExitOK
}
