// Package monitor is the Monitoring screen (la veille): the watches on
// the left with their unread counts and a sparkline of the last seven
// days, the stream of items they found in the middle (a virtual list
// read from the store a page at a time), and the item chosen on the
// right, in plain text, with its actions. It speaks to app/monitor
// through Service only; the window gives it what it needs in Deps.
package monitor

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/app/monitor/spike"
	"github.com/relais-app/relais/ui/i18n"
)

// Service is what the screen asks of the veille (*monitor.Service).
type Service interface {
	List(ctx context.Context) ([]mon.Watch, error)
	Add(ctx context.Context, w mon.Watch) (mon.Watch, error)
	Remove(ctx context.Context, id app.ID) error
	Walk(ctx context.Context, f mon.Filter, fn func(mon.Item) bool) error
	Mark(ctx context.Context, it mon.Item, read, important bool) error
	RefreshNow(ctx context.Context, progress func(done, total int)) ([]mon.SourceReport, error)
	// Series and Spikes draw a watch's volume chart.
	Series(ctx context.Context, watch app.ID, from, to time.Time) ([]spike.Hour, error)
	Spikes(ctx context.Context, id app.ID) ([]mon.WatchSpike, error)
	// Like likes an item through the account that found it.
	Like(ctx context.Context, it mon.Item) error
	// Subscribe calls fn, from any goroutine, when new items were stored.
	Subscribe(fn func()) (cancel func())
}

// Impostors is what the screen asks of the impostors' search
// (*impostor.Guard).
type Impostors interface {
	List(ctx context.Context) ([]impostor.Record, error)
	Mark(ctx context.Context, id app.ID, status impostor.Status) (impostor.Record, error)
	LastError() error
	Subscribe(fn func()) (cancel func())
}

// Deps is what the window gives the screen.
type Deps struct {
	Service Service
	Tr      *i18n.Translator
	Clock   app.Clock
	// Window holds the dialogs; its canvas gets the keys.
	Window fyne.Window
	// Do runs a function on the UI goroutine (fyne.Do); Go runs one in
	// the background, in a goroutine the window waits for when it closes.
	Do func(func())
	Go func(func())
	// OpenURL shows a page in the system browser.
	OpenURL func(page string) error
	// Clipboard takes the links copied; nil copies nothing.
	Clipboard fyne.Clipboard
	// Accounts lists the workspace's accounts, for a watch's sources.
	Accounts func() []app.Account
	// Shown reports whether the screen is the one shown, for the keys.
	Shown func() bool
	// ShowError shows an error in plain words.
	ShowError func(error)
	// Impostors lists the suspect accounts; nil leaves their tab out.
	Impostors Impostors
	// ToInbox puts an item in the inbox of the account that found it;
	// Reply answers it from there (through the inbox's checks). Nil
	// leaves the actions out.
	ToInbox func(ctx context.Context, it mon.Item) (app.InboxItem, error)
	Reply   func(ctx context.Context, it mon.Item, text string) error
}

// pageSize is how many items one read of the store brings.
const pageSize = 200

// Screen is the Monitoring screen. Its fields are used on the UI
// goroutine only.
type Screen struct {
	d       Deps
	tr      *i18n.Translator
	content fyne.CanvasObject

	// The watches, their unread counts and their hourly counts.
	watches     []mon.Watch
	unread      map[app.ID]int
	sparks      map[app.ID][]int
	spikes      map[app.ID]int
	form        *addForm // the add form last opened
	watchList   *widget.List
	watchStatus *widget.Label
	counting    int // counts the countings, so that an older one never shows

	// The filters.
	fWatch, fSource, fSentiment, fLang, fPeriod, fRead *codeSelect
	fImportant                                         *widget.Check

	// The stream: the items read so far, and whether there are more.
	list    *itemList
	items   []mon.Item
	more    bool
	loading bool
	loads   int // counts listings, so that an older page never lands in a newer list
	count   *widget.Label
	now     time.Time

	// The item chosen.
	selected app.ID
	selIndex int
	detail   detail

	// Refresh now.
	refreshButton *widget.Button
	refreshCancel *widget.Button
	refreshBar    *widget.ProgressBar
	refreshStatus *widget.Label
	stopRefresh   context.CancelFunc

	// The tabs: the stream, the volume chart, the impostors.
	tabs      *container.AppTabs
	volume    volumeTab
	impostors impostorsTab
	// unsubscribe stops the services' calls.
	unsubscribe []func()
	// pending is true while a reload asked by a service waits for the
	// UI goroutine: a burst of stores reloads once.
	pending bool
}

// New builds the screen; Shown lists what it shows.
func New(d Deps) *Screen {
	s := &Screen{d: d, tr: d.Tr, selIndex: -1, unread: map[app.ID]int{}, sparks: map[app.ID][]int{}, spikes: map[app.ID]int{}}
	s.buildRefresh()
	left := s.buildWatches()
	middle := s.buildStream()
	right := s.buildDetail()
	inner := container.NewHSplit(middle, right)
	inner.Offset = 0.55
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(s.tr.T("monitor.tab.items"), theme.ListIcon(), inner),
		container.NewTabItemWithIcon(s.tr.T("monitor.tab.volume"), theme.GridIcon(), s.buildVolume()),
	)
	if d.Impostors != nil {
		s.tabs.Append(container.NewTabItemWithIcon(s.tr.T("monitor.tab.impostors"), theme.WarningIcon(), s.buildImpostors()))
	}
	s.tabs.OnSelected = func(*container.TabItem) { s.tabShown() }
	outer := container.NewHSplit(left, s.tabs)
	outer.Offset = 0.24
	heading := widget.NewLabelWithStyle(s.tr.T("nav.monitoring"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox(
		container.NewBorder(nil, nil, heading, container.NewHBox(s.refreshButton, s.refreshCancel)),
		container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(180, s.refreshBar.MinSize().Height), s.refreshBar), s.refreshStatus),
	)
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, nil, outer))
	// Live: what the services store shows without a click.
	if d.Service != nil {
		s.unsubscribe = append(s.unsubscribe, d.Service.Subscribe(func() { d.Do(s.changed) }))
	}
	if d.Impostors != nil {
		s.unsubscribe = append(s.unsubscribe, d.Impostors.Subscribe(func() { d.Do(s.loadImpostors) }))
	}
	return s
}

// changed runs on the UI goroutine when the veille stored something:
// the watches' counts, the stream and the chart are read again, once for
// a burst.
func (s *Screen) changed() {
	if s.pending {
		return
	}
	s.pending = true
	s.d.Go(func() {
		time.Sleep(changeDelay)
		s.d.Do(func() {
			s.pending = false
			s.loadWatches()
			s.reload()
			s.loadVolume()
		})
	})
}

// changeDelay gathers the changes of one pass into one reload.
var changeDelay = 300 * time.Millisecond

// tabShown reads what the tab chosen shows.
func (s *Screen) tabShown() {
	switch s.tabs.SelectedIndex() {
	case 1:
		s.loadVolume()
	case 2:
		s.loadImpostors()
	}
}

// Content is what the window shows.
func (s *Screen) Content() fyne.CanvasObject { return s.content }

// Shown runs when the screen is shown: the watches and the items are
// read again.
func (s *Screen) Shown() {
	s.loadWatches()
	s.reload()
	s.loadVolume()
	if s.d.Impostors != nil {
		s.loadImpostors()
	}
	s.focusList()
}

// Close stops what the screen has under way.
func (s *Screen) Close() {
	if s.stopRefresh != nil {
		s.stopRefresh()
	}
	for _, stop := range s.unsubscribe {
		stop()
	}
	s.unsubscribe = nil
}

func (s *Screen) shows() bool {
	if s.d.Shown != nil && !s.d.Shown() {
		return false
	}
	return s.d.Window == nil || s.d.Window.Canvas().Overlays().Top() == nil
}

func (s *Screen) focusList() {
	if s.d.Window != nil && (s.d.Shown == nil || s.d.Shown()) {
		s.d.Window.Canvas().Focus(s.list)
	}
}

func (s *Screen) showError(err error) {
	if s.d.ShowError != nil {
		s.d.ShowError(err)
	}
}

// typedRune is the keyboard, as in the inbox: j and k go down and up,
// o opens the item in the browser, s marks it important, m read or
// unread, r answers it, l likes it, i sends it to the inbox, c copies its
// link.
func (s *Screen) typedRune(r rune) {
	if !s.shows() || s.tabs.SelectedIndex() != 0 {
		return
	}
	switch r {
	case 'j':
		s.move(1)
	case 'k':
		s.move(-1)
	case 'o':
		s.openItem()
	case 's':
		s.toggleImportant()
	case 'm':
		s.toggleRead()
	case 'r':
		s.replyItem()
	case 'l':
		s.likeItem()
	case 'i':
		s.sendToInbox()
	case 'c':
		s.copyLink()
	}
}

func (s *Screen) typedKey(ev *fyne.KeyEvent) {
	if !s.shows() || s.tabs.SelectedIndex() != 0 {
		return
	}
	switch ev.Name {
	case fyne.KeyDown:
		s.move(1)
	case fyne.KeyUp:
		s.move(-1)
	}
}

// codeSelect is a select whose options stand for codes.
type codeSelect struct {
	sel     *widget.Select
	codes   []string
	code    string
	changed func()
}

func newCodeSelect(codes, labels []string, changed func()) *codeSelect {
	c := &codeSelect{changed: changed}
	c.sel = widget.NewSelect(nil, func(string) {
		if i := c.sel.SelectedIndex(); i >= 0 && i < len(c.codes) && c.codes[i] != c.code {
			c.code = c.codes[i]
			c.changed()
		}
	})
	c.offer(codes, labels)
	return c
}

// offer sets the options, keeping the code chosen when it is still one.
func (c *codeSelect) offer(codes, labels []string) {
	c.codes = codes
	c.sel.Options = labels
	if i := slices.Index(codes, c.code); i >= 0 {
		c.sel.Selected = labels[i]
	} else if len(labels) > 0 {
		c.code = codes[0]
		c.sel.Selected = labels[0]
	}
	c.sel.Refresh()
}

// choose picks the option of code, as the user would.
func (c *codeSelect) choose(code string) {
	if i := slices.Index(c.codes, code); i >= 0 {
		c.sel.SetSelectedIndex(i)
	}
}
