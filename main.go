// Command relais is Relais, the desktop workspace of community managers:
// with no command it opens the window; with one (relais draft add …) it
// scripts the same workspace without a window. See README.md.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/embedded"
	"github.com/relais-app/relais/assets"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain"
	"github.com/relais-app/relais/storage/media"
	"github.com/relais-app/relais/ui"
	"github.com/relais-app/relais/ui/cli"
	"github.com/relais-app/relais/ui/desktop"
	"github.com/relais-app/relais/ui/i18n"
	"github.com/relais-app/relais/ui/instance"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// lockWait is how long to wait for the data directory's database when
// another process holds it, before asking that process to do the work.
const lockWait = 2 * time.Second

func run(args []string, stdout, stderr io.Writer) int {
	systemLang := i18n.Detect(os.Getenv)
	cmd, err := cli.Parse(args)
	if err != nil {
		cli.PrintError(stderr, i18n.New(systemLang), err)
		return cli.ExitUsage
	}
	tr := i18n.New(i18n.Resolve(cmd.Lang, app.LanguageAuto, systemLang))
	dataDir, err := dataDirOf(cmd)
	if err != nil {
		fmt.Fprintln(stderr, tr.T("cli.error", "message", tr.T("error.no_data_dir")))
		return cli.ExitError
	}
	switch cmd.Action {
	case cli.ActionHelp, cli.ActionVersion:
		return cli.Run(context.Background(), cmd, cli.Env{Tr: tr, DataDir: dataDir, Stdout: stdout, Stderr: stderr})
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
	db, err := storage.Open(dataDir, storage.Options{LockTimeout: lockWait})
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
	defer db.Close()

	settings := app.NewSettings(db)
	saved, err := settings.Language(ctx)
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
	}
	files, err := media.Open(filepath.Join(dataDir, "media"))
	if err != nil {
		cli.PrintError(stderr, tr, err)
		return cli.ExitError
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
	drafts.UseProofreader(proof)
	// Sign-ins live in the OS keychain only; the networks Relais speaks.
	secrets := keychain.New(app.AppID)
	registry := app.NewRegistry(mastodon.NewDialer(), bluesky.NewDialer(), rss.NewDialer())
	accounts := app.NewAccounts(db, secrets, registry, files, clock)
	notices := ui.NewNotices()
	// Desktop notifications of the inbox come from the window's Relais
	// only: a command-line sync leaves them to it, rather than marking
	// items told that nobody was shown.
	var inboxNotifier app.Notifier
	if cmd.Action == cli.ActionWindow {
		inboxNotifier = notices
	}
	ws := workspace{
		media:      files,
		drafts:     drafts,
		calendar:   app.NewCalendar(db, drafts, clock, zone),
		accounts:   accounts,
		publishing: app.NewPublishing(db, drafts, accounts, files, clock, zone, notices),
		inbox:      app.NewInbox(db, accounts, clock, zone, inboxNotifier),
		analytics:  app.NewAnalytics(db, accounts, clock, zone),
		notices:    notices,
		proof:      proof,
		settings:   settings,
		dataDir:    dataDir,
		systemLang: systemLang,
	}
	ws.inbox.UseProofreader(proof)
	ws.analytics.UseInbox(ws.inbox)
	if cmd.Action != cli.ActionWindow {
		return cli.Run(ctx, cmd, ws.env(cmd, saved, systemLang, workDir, stdin, stdout, stderr))
	}
	return ws.openWindow(ctx, cmd, saved)
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

// dataDirOf is --data, or Relais's folder in the user's configuration
// directory.
func dataDirOf(cmd cli.Command) (string, error) {
	if cmd.DataDir != "" {
		return filepath.Abs(cmd.DataDir)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "relais"), nil
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

// forwardTimeout is how long a running Relais may take to answer a
// command: a sync reads every account, each for up to app.SyncTimeout.
func forwardTimeout(cmd cli.Command) time.Duration {
	if cmd.Action == cli.ActionSync {
		return 30 * time.Minute
	}
	return 2 * time.Minute
}

// workspace is one open data directory and the services over it.
type workspace struct {
	drafts     *app.Drafts
	calendar   *app.Calendar
	accounts   *app.Accounts
	publishing *app.Publishing
	inbox      *app.Inbox
	analytics  *app.Analytics
	notices    *ui.Notices
	proof      *app.Lazy
	media      app.MediaStore
	settings   app.Settings
	dataDir    string
	systemLang app.Language
}

func (ws workspace) env(cmd cli.Command, saved, system app.Language, workDir, stdin string, stdout, stderr io.Writer) cli.Env {
	lang := i18n.Resolve(cmd.Lang, saved, system)
	return cli.Env{
		Drafts: ws.drafts, Calendar: ws.calendar, Accounts: ws.accounts, Publishing: ws.publishing, Inbox: ws.inbox, Analytics: ws.analytics, Media: ws.media, Proofreader: ws.proof,
		Clock: app.SystemClock{}, WorkDir: workDir, Stdin: strings.NewReader(stdin),
		Tr: i18n.New(lang), DataDir: ws.dataDir, Stdout: stdout, Stderr: stderr,
	}
}

func (ws workspace) openWindow(ctx context.Context, cmd cli.Command, saved app.Language) int {
	lang := i18n.Resolve(cmd.Lang, saved, ws.systemLang)
	ui.UseLanguageInFyne(lang)

	a := fyneapp.NewWithID(app.AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	// The inbox's notifications go through beeep, which can mark a risk
	// as urgent; Fyne's own notifications cannot.
	notifier := desktop.New("Relais", assets.Icon)
	w := ui.New(a, ui.Deps{
		Drafts:      ws.drafts,
		Calendar:    ws.calendar,
		Media:       ws.media,
		Settings:    ws.settings,
		Clock:       app.SystemClock{},
		DataDir:     ws.dataDir,
		Lang:        lang,
		SystemLang:  ws.systemLang,
		SavedLang:   saved,
		Accounts:    ws.accounts,
		Publishing:  ws.publishing,
		Notices:     ws.notices,
		Inbox:       ws.inbox,
		Analytics:   ws.analytics,
		Proofreader: ws.proof,
		Notify: func(title, body string, urgent bool) error {
			return notifier.Send(desktop.Notification{Title: title, Body: body, Urgent: urgent})
		},
	})
	if cmd.View != "" {
		w.ShowView(cmd.View)
	}

	server, err := instance.Listen(ws.dataDir, func(ctx context.Context, req instance.Request) instance.Response {
		return ws.serve(ctx, w, req)
	})
	if err != nil {
		// Relais still works; a second one will say the folder is busy.
		fyne.LogError("answering other Relais processes", err)
	} else {
		defer server.Close()
	}
	// Publishing goes on while the window is open or hidden in the tray,
	// until Relais quits.
	publishCtx, stopPublishing := context.WithCancel(ctx)
	defer stopPublishing()
	go ws.publishing.Run(publishCtx)
	// So does the inbox: every account read on the user's interval, and
	// streams kept open, so that a mention raises a notification at once.
	go ws.inbox.Run(publishCtx)
	// And the figures: each account's followers once a day, each post's
	// figures on their schedule, for Analytics and the reports.
	go ws.analytics.Run(publishCtx)
	// The dictionaries load once the window runs, so that they never
	// delay its first frame and the first check as the user types does
	// not wait for them.
	a.Lifecycle().SetOnStarted(ws.proof.Warm)
	go func() {
		if _, err := ws.drafts.PurgeTrash(ctx); err != nil {
			fyne.LogError("emptying the trash", err)
		}
	}()
	go func() {
		<-ctx.Done() // Ctrl+C or SIGTERM: quit cleanly, saving what is typed
		fyne.Do(w.Quit)
	}()
	w.Window().ShowAndRun()
	return cli.ExitOK
}

// serve runs the command line of a second Relais in this one.
func (ws workspace) serve(ctx context.Context, w *ui.Window, req instance.Request) instance.Response {
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
	if cmd.Action == cli.ActionWindow {
		fyne.Do(func() { w.Present(cmd.View) })
		return instance.Response{Stdout: theirs.T("cli.forwarded") + "\n"}
	}
	saved, err := ws.settings.Language(ctx)
	if err != nil {
		saved = app.LanguageAuto
	}
	code := cli.Run(ctx, cmd, ws.env(cmd, saved, theirLang, req.Dir, req.Stdin, &stdout, &stderr))
	return instance.Response{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}
