package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/assets"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/keychain"
	"github.com/relais-app/relais/ui"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/autostart"
	"github.com/relais-app/relais/ui/cli"
	"github.com/relais-app/relais/ui/desktop"
	"github.com/relais-app/relais/ui/i18n"
	"github.com/relais-app/relais/ui/instance"
)

// desk is the window's Relais and the workspaces it holds open: the one
// the window shows, and those that run in the background (their posts go
// out, their inboxes sync and notify, the tray counts them). It is the
// list of workspaces for the window (ui.Workspaces) and for the workspace
// commands (cli.Workspaces).
type desk struct {
	registry   *workspace.Registry
	home       string
	systemLang app.Language
	info       appinfo.Info

	mu      sync.Mutex
	open    map[app.ID]*session
	shown   app.ID     // the workspace the window shows
	window  *ui.Window // nil until the window is made
	present func(view string, id app.ID)
}

var (
	_ ui.Workspaces  = (*desk)(nil)
	_ cli.Workspaces = (*desk)(nil)
)

// session is an open workspace and what runs it.
type session struct {
	*services
	server *instance.Server // nil when another Relais answers for it
	stop   context.CancelFunc
	done   sync.WaitGroup
}

func newDesk(registry *workspace.Registry, home string, systemLang app.Language) *desk {
	return &desk{registry: registry, home: home, systemLang: systemLang, open: map[app.ID]*session{}}
}

// ErrWorkspaceOpen is returned when asked to remove a workspace this
// Relais, or another, has open.
var ErrWorkspaceOpen = errors.New("this workspace is open: switch to another one, or close the Relais that shows it, first")

// openWindow opens the window on the workspace svc, with the workspaces
// that run in the background beside it, and runs until Relais quits.
func (d *desk) openWindow(ctx context.Context, cmd cli.Command, svc *services, saved app.Language) int {
	lang := i18n.Resolve(cmd.Lang, saved, d.systemLang)
	ui.UseLanguageInFyne(lang)

	a := fyneapp.NewWithID(app.AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if err := ui.MetadataAgrees(d.info, a.Metadata()); err != nil {
		fyne.LogError("the version Relais shows is FyneApp.toml's", err)
	}
	// Started at login, Relais runs as relais --background from where it
	// is now; without its own path it leaves the choice out of Settings.
	var login ui.Autostart
	if exe, err := os.Executable(); err == nil {
		login = autostart.Program{Exe: exe, Args: []string{"--background"}}
	}
	// The inbox's notifications go through beeep, which can mark a risk
	// as urgent; Fyne's own notifications cannot.
	notifier := desktop.New("Relais", assets.Icon)
	notify := func(title, body string, urgent bool) error {
		return notifier.Send(desktop.Notification{Title: title, Body: body, Urgent: urgent})
	}
	first := d.start(ctx, svc)
	d.touch(ctx, svc.info)
	deps := d.deps(first)
	deps.Lang, deps.SavedLang, deps.Notify = lang, saved, notify
	deps.Info, deps.Autostart = d.info, login
	w := ui.New(a, deps)
	d.mu.Lock()
	d.window, d.shown = w, first.info.ID
	d.present = func(view string, id app.ID) {
		fyne.Do(func() {
			if id != d.shownID() {
				w.SwitchWorkspace(id, view)
				return
			}
			w.Present(view)
		})
	}
	d.mu.Unlock()
	if cmd.View != "" {
		w.ShowView(cmd.View)
	}
	// The workspaces that run in the background start with the window.
	d.startBackground(ctx)
	fyne.Do(w.OthersChanged)
	// The dictionaries load once the window runs, so that they never
	// delay its first frame and the first check as the user types does
	// not wait for them.
	a.Lifecycle().SetOnStarted(func() {
		// Ctrl+C or SIGTERM: quit cleanly, saving what is typed. Watched
		// once the app runs: a signal before then, handed to a driver not
		// yet started, made GLFW panic (NotInitialized).
		go func() {
			<-ctx.Done()
			fyne.Do(w.Quit)
		}()
		first.proof.Warm()
	})
	// relais --background (at login) runs in the tray, the window hidden
	// until the tray or a second relais presents it.
	w.Run(cmd.Background)
	d.closeAll()
	return cli.ExitOK
}

// touch records that a workspace of the list was opened now: it comes
// first among the recent ones, and plain `relais` opens it next time.
func (d *desk) touch(ctx context.Context, w workspace.Workspace) {
	if _, err := d.registry.Touch(ctx, w.ID); err != nil && !errors.Is(err, workspace.ErrNotFound) {
		fyne.LogError("saving the last workspace opened", err)
	}
}

func (d *desk) shownID() app.ID {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.shown
}

// start runs an open workspace: it answers other Relais processes on its
// socket, publishes, syncs its inbox and collects its figures until it is
// closed.
func (d *desk) start(ctx context.Context, svc *services) *session {
	svc.systemLang = d.systemLang
	// The folder's own database knows its ID: the list follows it, should
	// they differ (a list made anew), so that its sign-ins are found.
	if listed, err := d.registry.AtDir(ctx, svc.dataDir); err == nil && !listed.ID.IsZero() && listed.ID != svc.info.ID {
		if _, err := d.registry.SetID(ctx, listed.ID, svc.info.ID); err != nil {
			fyne.LogError("updating the list of workspaces", err)
		}
	}
	s := &session{services: svc}
	server, err := instance.Listen(svc.dataDir, func(ctx context.Context, req instance.Request) instance.Response {
		return svc.serve(ctx, func(cmd cli.Command) { d.presentWorkspace(ctx, cmd, svc.info.ID) }, req)
	})
	if err != nil {
		// Relais still works; a second one will say the folder is busy.
		fyne.LogError("answering other Relais processes", err)
	} else {
		s.server = server
	}
	runCtx, stop := context.WithCancel(ctx)
	s.stop = stop
	publish := func(ctx context.Context) { svc.publishing.Run(ctx) } // it ends only with ctx
	watch := func(ctx context.Context) { svc.monitor.Run(ctx) }      // it ends only with ctx
	rivals := func(ctx context.Context) { svc.competitors.Run(ctx) } // once a day each
	for _, run := range []func(context.Context){publish, svc.inbox.Run, svc.analytics.Run, watch, rivals, svc.renewal.Run} {
		s.done.Add(1)
		go func() {
			defer s.done.Done()
			run(runCtx)
		}()
	}
	s.done.Add(1)
	go func() {
		// A backup a day of the workspace, in its backups folder.
		defer s.done.Done()
		svc.db.RunDailyBackups(runCtx, svc.dataDir, app.SystemClock{}, func(err error) {
			fyne.LogError("backing up "+svc.dataDir, err)
		})
	}()
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		if _, err := svc.drafts.PurgeTrash(runCtx); err != nil && runCtx.Err() == nil {
			fyne.LogError("emptying the trash", err)
		}
	}()
	if list, err := d.registry.List(ctx); err == nil && len(list) > 1 {
		// With several clients, each notification says whose it is.
		svc.notices.SetClient(svc.info.Name)
	}
	d.mu.Lock()
	d.open[svc.info.ID] = s
	d.mu.Unlock()
	return s
}

// presentWorkspace brings the window forward, as a second Relais asks: on
// the workspace its --workspace names, else on the one whose socket it
// reached (own: the --data folder, or the workspace shown last).
func (d *desk) presentWorkspace(ctx context.Context, cmd cli.Command, own app.ID) {
	id := own
	if cmd.Workspace != "" {
		if w, err := d.registry.Find(ctx, cmd.Workspace); err == nil {
			id = w.ID
		}
	}
	d.mu.Lock()
	present := d.present
	d.mu.Unlock()
	if present != nil {
		present(cmd.View, id)
	}
}

// startBackground opens the workspaces that run in the background.
func (d *desk) startBackground(ctx context.Context) {
	list, err := d.registry.List(ctx)
	if err != nil {
		fyne.LogError("reading the list of workspaces", err)
		return
	}
	for _, w := range list {
		if !w.Background || d.isOpen(w.ID) {
			continue
		}
		d.startInBackground(ctx, w)
	}
}

// startInBackground opens a workspace beside the one shown: its notices
// go through the window.
func (d *desk) startInBackground(ctx context.Context, w workspace.Workspace) bool {
	svc, err := openServices(ctx, w, servicesOptions{forWindow: true})
	if err != nil {
		// Another Relais may show it: that one runs it.
		fyne.LogError("opening the workspace "+w.Name+" in the background", err)
		return false
	}
	d.start(ctx, svc)
	d.mu.Lock()
	window := d.window
	d.mu.Unlock()
	if window != nil {
		svc.notices.AttachTo(window)
	}
	return true
}

func (d *desk) isOpen(id app.ID) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.open[id]
	return ok
}

// deps is what the window needs of a session.
func (d *desk) deps(s *session) ui.Deps {
	svc := s.services
	return ui.Deps{
		Drafts:       svc.drafts,
		Calendar:     svc.calendar,
		Media:        svc.media,
		Settings:     svc.settings,
		MediaStorage: svc.mediaStorage,
		Clock:        app.SystemClock{},
		DataDir:      svc.dataDir,
		SystemLang:   d.systemLang,
		Accounts:     svc.accounts,
		Publishing:   svc.publishing,
		Notices:      svc.notices,
		Inbox:        svc.inbox,
		Analytics:    svc.analytics,
		Monitor:      svc.monitor,
		Impostors:    svc.impostors,
		Competitors:  svc.competitors,
		Proofreader:  svc.proof,
		Workspace:    svc.info,
		Workspaces:   d,
		LastBackup:   func() (time.Time, bool) { return storage.LatestBackupTime(svc.dataDir) },
		BackupsDir:   storage.BackupsDir(svc.dataDir),
		Unreadable:   svc.db.Unreadable,
	}
}

// Open implements ui.Workspaces: the workspace's services, opened now or
// already running in the background.
func (d *desk) Open(ctx context.Context, id app.ID) (ui.Deps, error) {
	d.mu.Lock()
	s, ok := d.open[id]
	d.mu.Unlock()
	if !ok {
		w, err := d.registry.Find(ctx, id.String())
		if err != nil {
			return ui.Deps{}, err
		}
		svc, err := openServices(ctx, w, servicesOptions{forWindow: true})
		if err != nil {
			return ui.Deps{}, err
		}
		s = d.start(ctx, svc)
	}
	d.touch(ctx, s.info)
	d.mu.Lock()
	d.shown = s.info.ID
	d.mu.Unlock()
	return d.deps(s), nil
}

// Release implements ui.Workspaces: the window no longer shows the
// workspace, which stops unless it runs in the background. Its loops are
// stopped and waited for, its socket closed, its database closed: a sync
// or a publication under way ends cleanly (the outbox journal settles a
// request cut short), and nothing is half-written.
func (d *desk) Release(id app.ID) {
	if w, err := d.registry.Find(context.Background(), id.String()); err == nil && w.Background {
		return
	}
	d.mu.Lock()
	s, ok := d.open[id]
	if ok && d.shown != id {
		delete(d.open, id)
	} else {
		ok = false
	}
	d.mu.Unlock()
	if ok {
		s.close()
	}
}

func (s *session) close() {
	s.stop()
	s.done.Wait()
	if s.server != nil {
		s.server.Close()
	}
	if err := s.services.close(); err != nil {
		fyne.LogError("closing "+s.dataDir, err)
	}
}

// closeAll closes every open workspace, once the window is gone.
func (d *desk) closeAll() {
	d.mu.Lock()
	open := d.open
	d.open = map[app.ID]*session{}
	d.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range open {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.close()
		}()
	}
	wg.Wait()
}

// Others implements ui.Workspaces: the workspaces that run in the
// background beside the one shown.
func (d *desk) Others() []ui.OtherWorkspace {
	d.mu.Lock()
	defer d.mu.Unlock()
	var others []ui.OtherWorkspace
	for id, s := range d.open {
		if id != d.shown {
			others = append(others, ui.OtherWorkspace{Workspace: s.info, Inbox: s.inbox})
		}
	}
	return others
}

// List implements ui.Workspaces and cli.Workspaces.
func (d *desk) List(ctx context.Context) ([]workspace.Workspace, error) { return d.registry.List(ctx) }

// Find implements cli.Workspaces.
func (d *desk) Find(ctx context.Context, nameOrID string) (workspace.Workspace, error) {
	return d.registry.Find(ctx, nameOrID)
}

// Create implements ui.Workspaces and cli.Workspaces. With a second
// client, the notifications of every open workspace say whose they are.
func (d *desk) Create(ctx context.Context, name string) (workspace.Workspace, error) {
	w, err := d.registry.Create(ctx, name)
	if err != nil {
		return w, err
	}
	d.mu.Lock()
	for _, s := range d.open {
		s.notices.SetClient(s.info.Name)
	}
	d.mu.Unlock()
	return w, nil
}

// Rename implements ui.Workspaces and cli.Workspaces; an open workspace's
// notifications take the new name.
func (d *desk) Rename(ctx context.Context, id app.ID, name string) (workspace.Workspace, error) {
	w, err := d.registry.Rename(ctx, id, name)
	if err != nil {
		return w, err
	}
	d.mu.Lock()
	if s, ok := d.open[id]; ok {
		s.info.Name = w.Name
		s.notices.SetClient(w.Name)
	}
	d.mu.Unlock()
	return w, nil
}

// SetBackground implements ui.Workspaces and cli.Workspaces: in the
// window's Relais, a workspace put in the background starts at once, and
// one taken out of it stops (unless it is the one shown).
func (d *desk) SetBackground(ctx context.Context, id app.ID, on bool) (workspace.Workspace, error) {
	w, err := d.registry.SetBackground(ctx, id, on)
	if err != nil {
		return w, err
	}
	d.mu.Lock()
	window, shown := d.window, d.shown
	d.mu.Unlock()
	if window == nil || id == shown {
		return w, nil // the command line, or the workspace shown
	}
	changed := false
	switch {
	case on && !d.isOpen(id):
		changed = d.startInBackground(ctx, w)
	case !on && d.isOpen(id):
		d.Release(id)
		changed = true
	}
	if changed {
		fyne.Do(window.OthersChanged)
	}
	return w, nil
}

// Removal implements ui.Workspaces and cli.Workspaces: what removing the
// workspace deletes. The workspace must not be open.
func (d *desk) Removal(ctx context.Context, id app.ID) (workspace.Removal, error) {
	w, err := d.registry.Find(ctx, id.String())
	if err != nil {
		return workspace.Removal{}, err
	}
	removal := workspace.Removal{Workspace: w}
	err = d.withClosed(ctx, w, func(svc *services) error {
		accounts, err := svc.accounts.List(ctx)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			removal.Accounts = append(removal.Accounts, a.Network.Name()+" "+a.Name())
		}
		posts, err := svc.drafts.Find(ctx, "")
		removal.Posts = len(posts)
		return err
	})
	return removal, err
}

// Remove implements ui.Workspaces and cli.Workspaces: the sign-ins of the
// workspace's accounts leave the keychain, then its folder goes, then its
// entry in the list. The default workspace cannot be removed, nor an open
// one.
func (d *desk) Remove(ctx context.Context, id app.ID) error {
	w, err := d.registry.Find(ctx, id.String())
	if err != nil {
		return err
	}
	if w.Default {
		return workspace.ErrDefault
	}
	err = d.withClosed(ctx, w, func(svc *services) error {
		accounts, err := svc.accounts.List(ctx)
		if err != nil {
			return err
		}
		secrets := keychain.New(app.AppID).ForWorkspace(svc.info.ID)
		port, _ := svc.settings.SignInPort(ctx)
		named := app.NamedSecretsIn(secrets)
		for _, a := range accounts {
			if err := secrets.DeleteSecret(ctx, a.ID); err != nil {
				return fmt.Errorf("removing the sign-in of %s: %w", a.Name(), err)
			}
			// The client registered on the account's Mastodon server.
			if a.Network == app.Mastodon {
				if err := mastodon.ForgetClient(ctx, named, a.Server, port); err != nil {
					return fmt.Errorf("removing Relais's client on %s: %w", a.Server, err)
				}
			}
		}
		// The user's own Meta apps.
		for _, p := range app.MetaProducts {
			if err := svc.accounts.MetaApps().Forget(ctx, p); err != nil {
				return fmt.Errorf("removing the %s app: %w", p.Name(), err)
			}
		}
		if err := secrets.DeleteNamedSecret(ctx, app.MediaStorageSecretName); err != nil {
			return fmt.Errorf("removing the media storage's secret key: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Only a folder Relais made for the workspace is deleted.
	root := filepath.Join(d.home, "workspaces") + string(filepath.Separator)
	if strings.HasPrefix(filepath.Clean(w.Dir)+string(filepath.Separator), root) && filepath.Clean(w.Dir)+string(filepath.Separator) != root {
		if err := os.RemoveAll(w.Dir); err != nil {
			return fmt.Errorf("removing %s: %w", w.Dir, err)
		}
	}
	_, err = d.registry.Forget(ctx, id)
	return err
}

// withClosed opens a workspace that no Relais has open, for f.
func (d *desk) withClosed(ctx context.Context, w workspace.Workspace, f func(*services) error) error {
	if d.isOpen(w.ID) {
		return ErrWorkspaceOpen
	}
	if _, err := os.Stat(filepath.Join(w.Dir, storage.FileName)); errors.Is(err, os.ErrNotExist) {
		return nil // never opened: nothing in it, nothing in the keychain
	}
	svc, err := openServices(ctx, w, servicesOptions{})
	if errors.Is(err, app.ErrWorkspaceLocked) {
		return ErrWorkspaceOpen
	}
	if err != nil {
		return err
	}
	defer svc.close()
	return f(svc)
}
