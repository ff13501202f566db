package ui

import (
	"context"
	"errors"
	"image/color"
	"slices"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// accountsScreen lists the connected accounts and feeds, and connects
// new ones. Its fields are used on the UI goroutine only; the accounts
// themselves are the window's accountList.
type accountsScreen struct {
	w       *Window
	content fyne.CanvasObject

	list    *widget.List
	hint    *widget.Label
	status  *widget.Label
	connect *widget.Button

	form *connectForm // the connect dialog last opened
	edit *editDialog  // the rename or time zone dialog last opened
}

func newAccountsScreen(w *Window) *accountsScreen {
	tr := w.tr
	s := &accountsScreen{w: w}
	heading := widget.NewLabelWithStyle(tr.T("nav.accounts"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	s.connect = widget.NewButtonWithIcon(tr.T("accounts.connect"), theme.ContentAddIcon(), func() { s.openConnect(nil) })
	s.connect.Importance = widget.HighImportance
	keychain := widget.NewLabel(tr.T("accounts.keychain"))
	keychain.Importance = widget.LowImportance
	keychain.Wrapping = fyne.TextWrapWord
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Hide()

	s.list = widget.NewList(
		func() int { return len(w.accountList) },
		func() fyne.CanvasObject { return newAccountRow(s) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(w.accountList) {
				o.(*accountRow).set(w.accountList[id])
			}
		},
	)
	s.list.OnSelected = func(widget.ListItemID) { s.list.UnselectAll() } // rows act through their buttons
	s.hint = widget.NewLabel(tr.T("accounts.loading"))
	s.hint.Wrapping = fyne.TextWrapWord
	s.hint.Alignment = fyne.TextAlignCenter
	s.hint.Importance = widget.LowImportance

	top := container.NewVBox(container.NewBorder(nil, nil, heading, container.NewCenter(s.connect)), keychain, s.status, widget.NewSeparator())
	s.content = container.NewPadded(container.NewBorder(top, nil, nil, nil,
		container.NewStack(s.list, container.NewPadded(container.NewVBox(s.hint)))))
	if w.accountsRead > 0 {
		s.show()
	}
	return s
}

// show lists the accounts as last read.
func (s *accountsScreen) show() {
	if len(s.w.accountList) == 0 {
		s.hint.SetText(s.w.tr.T("accounts.empty"))
		s.hint.Show()
	} else {
		s.hint.Hide()
	}
	s.list.Refresh()
}

// setStatus says what the last action did, above the list.
func (s *accountsScreen) setStatus(text string, failed bool) {
	s.status.SetText(text)
	s.status.Importance = widget.SuccessImportance
	if failed {
		s.status.Importance = widget.DangerImportance
	}
	s.status.Show()
	s.status.Refresh()
}

// accountRow is one account: its avatar, name, network, handle and time
// zone, whether it works, and what can be done with it.
type accountRow struct {
	widget.BaseWidget
	s         *accountsScreen
	acc       app.Account
	circle    *canvas.Circle
	initial   *canvas.Text
	avatar    *canvas.Image
	name      *widget.Label
	about     *widget.Label
	state     *widget.Label
	problem   *widget.Label
	reconnect *widget.Button
	test      *widget.Button
	more      *widget.Button
}

// avatarSize is the side of an account's picture.
const avatarSize = 44

func newAccountRow(s *accountsScreen) *accountRow {
	tr := s.w.tr
	r := &accountRow{s: s}
	r.circle = canvas.NewCircle(color.Transparent)
	r.initial = canvas.NewText("", color.White)
	r.initial.TextStyle.Bold = true
	r.initial.TextSize = 20
	r.initial.Alignment = fyne.TextAlignCenter
	r.avatar = &canvas.Image{FillMode: canvas.ImageFillCover, ScaleMode: canvas.ImageScaleSmooth, CornerRadius: avatarSize / 2}
	r.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.about = widget.NewLabel("")
	r.about.Truncation = fyne.TextTruncateEllipsis
	r.state = widget.NewLabel("")
	r.problem = widget.NewLabel("")
	r.problem.Truncation = fyne.TextTruncateEllipsis
	r.problem.Importance = widget.LowImportance
	r.reconnect = widget.NewButtonWithIcon(tr.T("accounts.reconnect"), theme.LoginIcon(), func() { s.openConnect(&r.acc) })
	r.reconnect.Importance = widget.HighImportance
	r.test = widget.NewButtonWithIcon(tr.T("accounts.test"), theme.ViewRefreshIcon(), func() { s.test(r.acc) })
	r.more = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), func() { s.showMenu(r.acc, r.more) })
	r.ExtendBaseWidget(r)
	return r
}

func (r *accountRow) CreateRenderer() fyne.WidgetRenderer {
	hold := canvas.NewRectangle(color.Transparent)
	hold.SetMinSize(fyne.NewSquareSize(avatarSize))
	picture := container.NewCenter(container.NewStack(hold, r.circle, container.NewCenter(r.initial), r.avatar))
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		r.name, r.about, container.NewBorder(nil, nil, r.state, nil, r.problem))
	actions := container.NewCenter(container.NewHBox(r.reconnect, r.test, r.more))
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, picture, actions, text))
}

// set shows an account.
func (r *accountRow) set(acc app.Account) {
	w := r.s.w
	tr := w.tr
	r.acc = acc
	if acc.Avatar != "" && w.deps.Media != nil {
		r.avatar.File = w.deps.Media.MediaPath(acc.Avatar)
		r.avatar.Show()
		r.circle.Hide()
		r.initial.Hide()
	} else {
		r.avatar.File = ""
		r.avatar.Hide()
		r.circle.FillColor = networkColor(acc.Network)
		r.circle.Show()
		r.initial.Text = initialOf(acc.Name())
		r.initial.Show()
		r.circle.Refresh()
		r.initial.Refresh()
	}
	r.avatar.Refresh()
	r.name.SetText(acc.Name())

	about := []string{networkName(tr, acc.Network)}
	if acc.Network == app.RSS {
		about = append(about, acc.Server)
	} else {
		if acc.Handle != "" && acc.Handle != acc.Name() {
			about = append(about, acc.Handle)
		}
		about = append(about, r.s.zoneText(acc.Zone))
	}
	r.about.SetText(strings.Join(about, " · "))

	state := "● " + tr.T("account.state."+string(acc.State))
	switch acc.State {
	case app.AccountConnected:
		r.state.Importance = widget.SuccessImportance
		if !acc.CheckedAt.IsZero() {
			state += " · " + tr.T("accounts.checked", "when", tr.Ago(acc.CheckedAt.Local(), w.deps.Clock.Now()))
		}
	case app.AccountReauth:
		r.state.Importance = widget.DangerImportance
	case app.AccountOffline:
		r.state.Importance = widget.WarningImportance
	default:
		r.state.Importance = widget.LowImportance
	}
	// A sign-in that ends soon (a Facebook token): say by when to sign
	// in again, with the Reconnect button, before it stops working.
	ends, soon := acc.SignInEnds(w.deps.Clock.Now())
	if soon && acc.State != app.AccountReauth {
		if w.deps.Clock.Now().Before(ends) {
			state += " · " + tr.T("account.signin_ends", "date", tr.Date(ends.Local(), w.deps.Clock.Now()))
		} else {
			state += " · " + tr.T("account.signin_ended", "date", tr.Date(ends.Local(), w.deps.Clock.Now()))
		}
		r.state.Importance = widget.WarningImportance
	}
	r.state.SetText(state)
	if acc.State != app.AccountConnected && acc.Problem != "" {
		r.problem.SetText("— " + accountProblem(tr, acc))
		r.problem.Show()
	} else {
		r.problem.SetText("")
		r.problem.Hide()
	}
	if (acc.State == app.AccountReauth || soon) && acc.Network != app.RSS {
		r.reconnect.Show()
	} else {
		r.reconnect.Hide()
	}
}

// accountProblem says what went wrong with an account last, in the
// user's language: a sentence for its state, with the server's own words
// when the problem (a NetError's text) has some.
func accountProblem(tr *i18n.Translator, acc app.Account) string {
	kind := app.FailOffline
	key := "accounts.problem.offline"
	if acc.State == app.AccountReauth {
		kind, key = app.FailAuth, "accounts.problem.reauth"
	}
	opening := (&app.NetError{Network: acc.Network, Kind: kind}).Error()
	rest, ok := strings.CutPrefix(acc.Problem, opening)
	if !ok {
		if acc.State == app.AccountReauth && strings.Contains(acc.Problem, app.ErrNoSecret.Error()) {
			return tr.Error(app.ErrNoSecret)
		}
		return acc.Problem
	}
	// Then " (HTTP 401)" when an answer came, and ": " the server's words.
	if strings.HasPrefix(rest, " (HTTP ") {
		if end := strings.Index(rest, ")"); end > 0 {
			rest = rest[end+1:]
		}
	}
	text := tr.T(key, "network", networkName(tr, acc.Network))
	if words := strings.TrimPrefix(rest, ": "); words != "" {
		text += " (" + words + ")"
	}
	return text
}

// initialOf is the first letter of a name, for an avatar's placeholder.
func initialOf(name string) string {
	for _, c := range name {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return strings.ToUpper(string(c))
		}
	}
	return "?"
}

// zoneText says which time zone an account posts for.
func (s *accountsScreen) zoneText(zone string) string {
	if zone != "" {
		return zone
	}
	if mine := s.userZone(); mine != "" {
		return s.w.tr.T("accounts.zone.yours_named", "zone", mine)
	}
	return s.w.tr.T("accounts.zone.yours")
}

// userZone is the name of the user's time zone, "" when it has none.
func (s *accountsScreen) userZone() string {
	if s.w.deps.Calendar != nil {
		return zoneName(s.w.deps.Calendar.Zone())
	}
	return ""
}

// menuItems are what an account's ⋮ menu offers.
func (s *accountsScreen) menuItems(acc app.Account) []*fyne.MenuItem {
	tr := s.w.tr
	items := []*fyne.MenuItem{fyne.NewMenuItem(tr.T("accounts.rename"), func() { s.rename(acc) })}
	if acc.Network != app.RSS {
		items = append(items,
			fyne.NewMenuItem(tr.T("accounts.zone"), func() { s.setZone(acc) }),
			fyne.NewMenuItem(tr.T("accounts.reconnect_menu"), func() { s.openConnect(&acc) }))
	} else {
		items = append(items, fyne.NewMenuItem(tr.T("accounts.watch"), func() { s.setWatch(acc) }))
	}
	if acc.URL != "" {
		items = append(items, fyne.NewMenuItem(tr.T("accounts.open_profile"), func() { s.w.openURL(acc.URL) }))
	}
	disconnect := fyne.NewMenuItem(tr.T("accounts.disconnect"), func() { s.disconnect(acc) })
	return append(items, fyne.NewMenuItemSeparator(), disconnect)
}

func (s *accountsScreen) showMenu(acc app.Account, under fyne.CanvasObject) {
	menu := widget.NewPopUpMenu(fyne.NewMenu("", s.menuItems(acc)...), s.w.win.Canvas())
	// Right-aligned under the button, which sits at the window's edge.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(under)
	menu.ShowAtPosition(pos.AddXY(under.Size().Width-menu.MinSize().Width, under.Size().Height))
}

// test asks the network who the account is, and says how that went.
func (s *accountsScreen) test(acc app.Account) {
	tr := s.w.tr
	s.w.withProgress(tr.T("accounts.test"), tr.T("accounts.testing", "name", acc.Name()), func(ctx context.Context) func() {
		tested, err := s.w.deps.Accounts.Test(ctx, acc.ID)
		return func() {
			switch {
			case err == nil:
				s.setStatus(tr.T("accounts.works", "name", tested.Name()), false)
			case errors.Is(err, context.Canceled):
			default:
				s.setStatus(tr.T("accounts.test_failed", "name", acc.Name(), "why", tr.Error(err)), true)
			}
		}
	})
}

// rename asks for the user's own name of an account.
func (s *accountsScreen) rename(acc app.Account) {
	tr := s.w.tr
	entry := widget.NewEntry()
	entry.SetText(acc.Label)
	entry.SetPlaceHolder(acc.Handle)
	s.edit = s.w.newEditDialog(tr.T("accounts.rename_title", "name", acc.Name()), entry, tr.T("accounts.rename_hint"),
		func(ctx context.Context) (string, error) {
			renamed, err := s.w.deps.Accounts.Rename(ctx, acc.ID, entry.Text)
			return tr.T("accounts.renamed", "name", renamed.Name()), err
		}, s.setStatus)
	s.edit.entry = entry
}

// setWatch asks for the words a feed's articles must hold to reach the
// inbox, separated by commas.
func (s *accountsScreen) setWatch(acc app.Account) {
	tr := s.w.tr
	entry := widget.NewEntry()
	entry.SetText(strings.Join(acc.Watch, ", "))
	entry.SetPlaceHolder(tr.T("accounts.watch_placeholder"))
	s.edit = s.w.newEditDialog(tr.T("accounts.watch_title", "name", acc.Name()), entry, tr.T("accounts.watch_hint"),
		func(ctx context.Context) (string, error) {
			changed, err := s.w.deps.Accounts.SetWatch(ctx, acc.ID, strings.Split(entry.Text, ","))
			if len(changed.Watch) == 0 {
				return tr.T("accounts.watch_all", "name", changed.Name()), err
			}
			return tr.T("accounts.watch_set", "name", changed.Name(), "words", strings.Join(changed.Watch, ", ")), err
		}, s.setStatus)
	s.edit.entry = entry
}

// commonZones are offered when choosing an account's time zone; any
// other IANA name may be typed.
var commonZones = []string{
	"Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/London", "Europe/Berlin", "Europe/Madrid",
	"America/Montreal", "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo",
	"Africa/Casablanca", "Africa/Dakar", "Africa/Abidjan", "Indian/Reunion", "Pacific/Noumea",
	"Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "UTC",
}

// setZone asks for the time zone an account posts for.
func (s *accountsScreen) setZone(acc app.Account) {
	tr := s.w.tr
	zones := slices.Clone(commonZones)
	if mine := s.userZone(); mine != "" && !slices.Contains(zones, mine) {
		zones = append([]string{mine}, zones...)
	}
	entry := widget.NewSelectEntry(zones)
	entry.SetText(acc.Zone)
	entry.SetPlaceHolder(s.zoneText(""))
	s.edit = s.w.newEditDialog(tr.T("accounts.zone_title", "name", acc.Name()), entry, tr.T("accounts.zone_hint", "yours", s.zoneText("")),
		func(ctx context.Context) (string, error) {
			changed, err := s.w.deps.Accounts.SetZone(ctx, acc.ID, strings.TrimSpace(entry.Text))
			return tr.T("accounts.zone_set", "name", changed.Name(), "zone", s.zoneText(changed.Zone)), err
		}, s.setStatus)
	s.edit.entry = &entry.Entry
}

// disconnect asks, then removes the account and its sign-in.
func (s *accountsScreen) disconnect(acc app.Account) {
	tr := s.w.tr
	msg := widget.NewLabel(tr.T("accounts.disconnect_confirm", "name", acc.Name()))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(tr.T("accounts.disconnect_title", "name", acc.Name()), tr.T("accounts.disconnect"), tr.T("action.cancel"),
		container.NewGridWrap(fyne.NewSize(400, msg.MinSize().Height*4), msg), func(ok bool) {
			if !ok {
				return
			}
			s.w.withProgress(tr.T("accounts.disconnect"), tr.T("accounts.disconnecting", "name", acc.Name()), func(ctx context.Context) func() {
				err := s.w.deps.Accounts.Disconnect(ctx, acc.ID)
				return func() {
					if err != nil {
						s.setStatus(tr.Error(err), true)
						return
					}
					s.setStatus(tr.T("accounts.disconnected", "name", acc.Name()), false)
				}
			})
		}, s.w.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// editDialog changes one thing of an account: a field, Save and Cancel;
// it stays open and says why when the change is refused.
type editDialog struct {
	dialog  *dialog.CustomDialog
	shown   bool
	entry   *widget.Entry
	save    *widget.Button
	problem *widget.Label
}

// newEditDialog shows field; Save runs apply off the UI goroutine and
// gives its message to done.
func (w *Window) newEditDialog(title string, field fyne.CanvasObject, hint string, apply func(context.Context) (string, error), done func(string, bool)) *editDialog {
	tr := w.tr
	e := &editDialog{problem: widget.NewLabel("")}
	e.problem.Wrapping = fyne.TextWrapWord
	e.problem.Importance = widget.DangerImportance
	e.problem.Hide()
	help := widget.NewLabel(hint)
	help.Wrapping = fyne.TextWrapWord
	help.Importance = widget.LowImportance
	cancel := widget.NewButton(tr.T("action.cancel"), func() { e.dialog.Hide() })
	e.save = widget.NewButtonWithIcon(tr.T("action.save"), theme.ConfirmIcon(), func() {
		e.save.Disable()
		w.bg.Go(func() {
			msg, err := apply(context.Background())
			w.do(func() {
				e.save.Enable()
				if err != nil {
					e.problem.SetText(tr.Error(err))
					e.problem.Show()
					return
				}
				e.dialog.Hide()
				done(msg, false)
			})
		})
	})
	e.save.Importance = widget.HighImportance
	content := container.NewVBox(field, help, e.problem, container.NewHBox(layout.NewSpacer(), cancel, e.save))
	e.dialog = dialog.NewCustomWithoutButtons(title, content, w.win)
	e.dialog.SetOnClosed(func() { e.shown = false })
	e.dialog.Resize(fyne.NewSize(440, content.MinSize().Height+80))
	e.dialog.Show()
	e.shown = true
	return e
}
