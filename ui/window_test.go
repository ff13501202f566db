package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage"
	"github.com/relais-app/relais/storage/media"
)

// stepClock advances a minute each time it is read, so every change has
// its own time and the order of a list is certain.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Minute)
	return c.now
}

type fixture struct {
	t        *testing.T
	db       *storage.DB
	drafts   *app.Drafts
	calendar *app.Calendar
	w        *Window
	ui       *uiQueue
	closed   bool
	// app is the Fyne app the window is made with: the test app, unless
	// an option wraps it (with a system tray).
	app fyne.App
	// background starts the window as relais --background does, hidden
	// (Window.Run(true)), instead of showing it.
	background bool
}

// newFixture opens a window over a fresh data directory; each option may
// add to what the window gets (accounts, publishing).
func newFixture(t *testing.T, lang app.Language, options ...func(*fixture, *Deps)) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	db, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := &stepClock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	f := &fixture{t: t, db: db, drafts: app.NewDrafts(db, clock), ui: &uiQueue{}}
	f.calendar = app.NewCalendar(db, f.drafts, clock, time.Local)
	files, err := media.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	deps := Deps{
		Drafts:     f.drafts,
		Calendar:   f.calendar,
		Media:      files,
		Settings:   app.NewSettings(db),
		Clock:      clock,
		DataDir:    "/data",
		Lang:       lang,
		SystemLang: app.LanguageEnglish,
		// Saves happen when the test flushes, never on a timer that
		// would race with the test reading the widgets.
		SaveDelay: time.Hour,
		UndoFor:   time.Hour,
	}
	f.app = a
	for _, option := range options {
		option(f, &deps)
	}
	f.w = newWindow(f.app, deps, f.ui.do)
	f.w.Window().Resize(fyne.NewSize(1100, 720))
	if f.background {
		f.w.Run(true)
	} else {
		f.w.Window().Show()
	}
	t.Cleanup(func() {
		f.close()
		db.Close()
	})
	f.idle()
	return f
}

// close closes the window once (Fyne's test driver fails on a second close).
func (f *fixture) close() {
	if !f.closed {
		f.closed = true
		f.w.Window().Close()
		f.ui.drain()
	}
}

// idle saves what is typed, waits for every write and background task,
// and applies their results to the widgets, until nothing is left to do.
func (f *fixture) idle() {
	for {
		f.w.Flush()
		f.w.bg.Wait()
		if !f.ui.drain() {
			return
		}
	}
}

func (f *fixture) create(title, text string, tags ...string) app.Post {
	f.t.Helper()
	p, err := f.drafts.Create(context.Background(), app.Post{Title: title, Text: text, Tags: tags})
	if err != nil {
		f.t.Fatal(err)
	}
	f.idle()
	return p
}

func (f *fixture) stored() []app.Post {
	f.t.Helper()
	posts, err := f.drafts.Find(context.Background(), "")
	if err != nil {
		f.t.Fatal(err)
	}
	return posts
}

// listed is what the drafts list shows, row by row, as "title | second line".
func (f *fixture) listed() []string {
	c := f.w.compose
	var rows []string
	for i := range c.items {
		row := newDraftRow()
		c.updateRow(c.items[i], row)
		box := row.(*fyne.Container)
		top := box.Objects[0].(*fyne.Container)
		rows = append(rows, top.Objects[0].(*widget.Label).Text+" | "+box.Objects[1].(*widget.Label).Text)
	}
	return rows
}

// shows reports whether a visible label or button in the window says text.
func (f *fixture) shows(text string) bool {
	for _, o := range test.LaidOutObjects(f.w.Window().Content()) {
		if !o.Visible() {
			continue
		}
		switch o := o.(type) {
		case *widget.Label:
			if o.Text == text {
				return true
			}
		case *widget.Button:
			if o.Text == text {
				return true
			}
		case *widget.RichText:
			if o.String() == text {
				return true
			}
		}
	}
	return false
}

func TestTypedDraftIsSavedAndListed(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	if !f.shows("No drafts yet. Write one on the right: it is saved as you type.") {
		t.Error("an empty workspace does not say how to start")
	}
	c := f.w.compose
	test.Type(c.title, "Launch teaser")
	test.Type(c.text, "Something new arrives on Monday.")
	test.Type(c.tags, "launch, #teaser")
	f.idle()

	posts := f.stored()
	if len(posts) != 1 {
		t.Fatalf("stored %d drafts, want 1", len(posts))
	}
	p := posts[0]
	if p.Title != "Launch teaser" || p.Text != "Something new arrives on Monday." || strings.Join(p.Tags, ",") != "launch,teaser" {
		t.Errorf("stored %+v", p)
	}
	if got := f.listed(); len(got) != 1 || got[0] != "Launch teaser | Something new arrives on Monday.  #launch  #teaser" {
		t.Errorf("list shows %q", got)
	}
	if !f.shows("1 draft") {
		t.Error("the count does not say 1 draft")
	}
	if !strings.HasPrefix(c.status.Text, "Saved at ") {
		t.Errorf("status says %q after saving", c.status.Text)
	}
	if c.del.Disabled() || c.dup.Disabled() {
		t.Error("delete and duplicate stay disabled on a stored draft")
	}
}

func TestAutosaveAfterDelay(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish, func(_ *fixture, d *Deps) { d.SaveDelay = 20 * time.Millisecond })
	test.Type(f.w.compose.text, "saved without any flush")
	// Read only the store here: the timer's goroutine updates the widgets.
	deadline := time.Now().Add(5 * time.Second)
	for len(f.stored()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	f.idle()
	if got := f.stored(); len(got) != 1 || got[0].Text != "saved without any flush" {
		t.Fatalf("after the delay the store holds %+v", got)
	}
}

func TestNewDraftLeftEmptyIsNotStored(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	test.Tap(f.w.compose.newButton)
	test.Tap(f.w.compose.newButton)
	f.idle()
	if got := f.stored(); len(got) != 0 {
		t.Fatalf("empty drafts were stored: %+v", got)
	}
	if !f.w.compose.del.Disabled() {
		t.Error("delete is offered for a draft that does not exist")
	}
}

func TestEditingMovesDraftToTopAndKeepsOneCopy(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	old := f.create("Old", "first written")
	f.create("New", "written later")
	if got := f.listed(); got[0] != "New | written later" {
		t.Fatalf("newest change not first: %q", got)
	}
	c := f.w.compose
	c.list.Select(1)
	f.idle()
	if c.current != old.ID || c.text.Text != "first written" {
		t.Fatalf("selecting the row opened %s with %q", c.current, c.text.Text)
	}
	c.text.SetText(c.text.Text + " and edited")
	f.idle()
	if got := f.listed(); len(got) != 2 || got[0] != "Old | first written and edited" {
		t.Fatalf("after editing the list shows %q", got)
	}
	p, err := f.drafts.Get(context.Background(), old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !p.CreatedAt.Equal(old.CreatedAt) || !p.UpdatedAt.After(old.UpdatedAt) {
		t.Errorf("times after edit: created %v (was %v), updated %v", p.CreatedAt, old.CreatedAt, p.UpdatedAt)
	}
}

func TestDeleteThenUndo(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	p := f.create("Doomed", "to be deleted")
	c := f.w.compose
	c.list.Select(0)
	f.idle()
	test.Tap(c.del)
	f.idle()
	if got := f.stored(); len(got) != 0 {
		t.Fatalf("after delete the store holds %+v", got)
	}
	if len(c.items) != 0 || !c.undoBar.Visible() || !f.shows("Draft deleted.") {
		t.Fatalf("after delete: %d rows, undo bar visible %v", len(c.items), c.undoBar.Visible())
	}
	if c.text.Text != "" || c.current == p.ID {
		t.Error("the editor still holds the deleted draft")
	}

	undo := c.undoBar.Objects[1].(*widget.Button)
	test.Tap(undo)
	f.idle()
	got := f.stored()
	if len(got) != 1 || got[0].ID != p.ID || got[0].Text != "to be deleted" || !got[0].UpdatedAt.Equal(p.UpdatedAt) {
		t.Fatalf("after undo the store holds %+v", got)
	}
	if c.undoBar.Visible() {
		t.Error("the undo bar stays after undo")
	}
	if c.current != p.ID || c.text.Text != "to be deleted" {
		t.Errorf("undo did not reopen the draft: editor has %q", c.text.Text)
	}
}

func TestDeleteSavesPendingTypingFirst(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	c := f.w.compose
	test.Type(c.text, "first")
	f.idle()
	id := c.current
	test.Type(c.text, " and more") // pending, not saved yet
	test.Tap(c.del)
	f.idle()
	if got := f.stored(); len(got) != 0 {
		t.Fatalf("a save queued before the delete revived the draft: %+v", got)
	}
	if err := f.drafts.Restore(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	p, _ := f.drafts.Get(context.Background(), id)
	if p.Text != "first and more" {
		t.Errorf("the typing before delete was lost: %q", p.Text)
	}
}

func TestDuplicate(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	p := f.create("Original", "same words", "tag")
	c := f.w.compose
	c.list.Select(0)
	f.idle()
	test.Tap(c.dup)
	f.idle()
	got := f.stored()
	if len(got) != 2 {
		t.Fatalf("after duplicate the store holds %d drafts", len(got))
	}
	copyOf := got[0]
	if copyOf.ID == p.ID || copyOf.Text != "same words" || copyOf.Title != "Original" || strings.Join(copyOf.Tags, ",") != "tag" {
		t.Errorf("copy is %+v", copyOf)
	}
	if c.current != copyOf.ID {
		t.Error("the editor does not show the copy")
	}
}

func TestSearchFiltersIgnoringAccents(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	f.create("", "Soldes d’été : -30 % sur tout")
	f.create("", "Rentrée des classes", "école")
	c := f.w.compose
	test.Type(c.search, "ETE")
	f.idle()
	if got := f.listed(); len(got) != 1 || !strings.HasPrefix(got[0], "Soldes") {
		t.Fatalf("search ETE lists %q", got)
	}
	c.search.SetText("ecole")
	f.idle()
	if got := f.listed(); len(got) != 1 || !strings.HasPrefix(got[0], "Rentrée") {
		t.Fatalf("search ecole lists %q", got)
	}
	c.search.SetText("introuvable")
	f.idle()
	if len(c.items) != 0 || !f.shows("Aucun brouillon ne contient « introuvable ».") {
		t.Errorf("no-match state not shown in French")
	}
	c.search.SetText("")
	f.idle()
	if len(c.items) != 2 || !f.shows("2 brouillons") {
		t.Errorf("clearing the search lists %d", len(c.items))
	}
}

func TestDraftAddedElsewhereAppears(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	// As the command line served by this window does.
	f.create("From the CLI", "hello")
	if got := f.listed(); len(got) != 1 || got[0] != "From the CLI | hello" {
		t.Fatalf("list shows %q", got)
	}
}

func TestClosingSavesWhatIsTyped(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	test.Type(f.w.compose.text, "typed just before closing")
	f.close()
	if got := f.stored(); len(got) != 1 || got[0].Text != "typed just before closing" {
		t.Fatalf("closing lost the typing: %+v", got)
	}
}

// Going to another window saves what is typed at once, not after the
// delay (the user may not come back).
func TestLeavingTheWindowSavesWhatIsTyped(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish, func(_ *fixture, d *Deps) { d.SaveDelay = time.Hour })
	test.Type(f.w.compose.text, "typed before going elsewhere")
	lc, ok := fyne.CurrentApp().Lifecycle().(interface{ OnExitedForeground() func() })
	if !ok {
		t.Fatal("the test app's lifecycle cannot be triggered")
	}
	lc.OnExitedForeground()()
	f.w.write.Wait()
	if got := f.stored(); len(got) != 1 || got[0].Text != "typed before going elsewhere" {
		t.Fatalf("after leaving the window the store holds %+v", got)
	}
}

func TestEveryViewShows(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	for _, s := range screens {
		f.w.ShowView(s.name)
		if f.w.View() != s.name {
			t.Errorf("ShowView(%q) shows %q", s.name, f.w.View())
		}
		switch s.name {
		case "compose":
			if !f.shows("New draft") {
				t.Error("compose has no New draft button")
			}
		case "calendar":
			if !f.shows("Today") || !f.shows("November 2026") {
				t.Error("the calendar shows no month")
			}
		case "settings":
			if !f.shows("Language") || !f.shows("/data") {
				t.Error("settings shows no language or data directory")
			}
		default:
			if !f.shows("Coming soon") || !f.shows(f.w.tr.T("coming."+s.name)) || !f.shows("Open Compose") {
				t.Errorf("%s has no honest coming panel", s.name)
			}
		}
	}
	f.w.ShowView("nonsense")
	if f.w.View() != "compose" {
		t.Errorf("an unknown view shows %q", f.w.View())
	}
}

func TestLanguageChangeInSettings(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	if !f.shows("Nouveau brouillon") {
		t.Fatal("the French window does not speak French")
	}
	f.create("Gardé", "pendant le changement de langue")
	f.w.compose.list.Select(0)
	f.idle()
	open := f.w.compose.current

	f.w.ShowView("settings")
	f.idle()
	var sel *widget.Select
	for _, o := range test.LaidOutObjects(f.w.Window().Content()) {
		if s, ok := o.(*widget.Select); ok && s == f.w.settings.lang {
			sel = s
		}
	}
	if sel == nil {
		t.Fatal("no language menu in Settings")
	}
	sel.SetSelectedIndex(1) // English
	f.idle()
	saved, err := app.NewSettings(f.db).Language(context.Background())
	if err != nil || saved != app.LanguageEnglish {
		t.Fatalf("saved language %q, %v", saved, err)
	}
	if f.w.View() != "settings" || !f.shows("Language") {
		t.Error("after the change the window is not in English on Settings")
	}
	f.w.ShowView("compose")
	f.idle()
	if !f.shows("New draft") || f.w.compose.current != open {
		t.Error("after the change Compose is not in English with the same draft open")
	}
}

// uiQueue stands in for the UI goroutine in tests: functions that the
// window's goroutines hand to it run when the test goroutine drains it.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(fn func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fns = append(q.fns, fn)
}

// drain runs what is queued, on the caller's goroutine; it reports whether
// there was anything.
func (q *uiQueue) drain() bool {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
	return len(fns) > 0
}

func TestLongListShowsTopThenAll(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	const n = firstPage + 50
	var ps []app.Post
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * time.Hour)
		ps = append(ps, app.Post{ID: app.NewID(at), Text: fmt.Sprintf("draft %d", i), Status: app.StatusDraft, CreatedAt: at, UpdatedAt: at})
	}
	if err := f.db.PutPosts(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	// A fresh screen over a long list: the first page comes first.
	c := newComposeScreen(f.w, app.ID{})
	defer c.close()
	f.w.bg.Wait()
	f.ui.drain() // the first page, then the whole list, in that order
	if len(c.items) != n || c.count.Text != fmt.Sprintf("%d drafts", n) {
		t.Fatalf("listed %d, count %q", len(c.items), c.count.Text)
	}
	if c.items[0].Snippet != fmt.Sprintf("draft %d", n-1) {
		t.Errorf("first row is %q, want the newest", c.items[0].Snippet)
	}
}

func TestShortcuts(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.create("Open", "me")
	f.w.compose.list.Select(0)
	f.idle()
	f.w.ShowView("inbox")
	press := func(key fyne.KeyName) {
		for _, s := range f.w.shortcuts() {
			if s.key == key {
				s.run()
				return
			}
		}
		t.Fatalf("no shortcut on %s", key)
	}
	press(fyne.KeyN)
	f.idle()
	if f.w.View() != "compose" || f.w.compose.text.Text != "" || f.w.compose.stored {
		t.Errorf("Ctrl+N: view %q, editor %q", f.w.View(), f.w.compose.text.Text)
	}
	press(fyne.KeyF)
	if f.w.Window().Canvas().Focused() != f.w.compose.search {
		t.Error("Ctrl+F does not focus the search")
	}
}

func TestLengthPerNetworkAsYouType(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	c := f.w.compose
	c.text.SetText(strings.Repeat("é", 290) + " https://example.org/une-page-longue")
	byNetwork := map[app.Network]*widget.Label{}
	for i, n := range app.Networks {
		byNetwork[n] = c.lengths[i]
	}
	for n, want := range map[app.Network]string{
		app.Mastodon: "Mastodon 314/500",
		app.Bluesky:  "Bluesky 326/300 : trop long",
		app.X:        "X 314/280 : trop long",
		app.LinkedIn: "LinkedIn 326/3\u202f000",
	} {
		l := byNetwork[n]
		if l.Text != want {
			t.Errorf("%s shows %q, want %q", n, l.Text, want)
		}
		over := strings.HasSuffix(want, "trop long")
		if (l.Importance == widget.DangerImportance) != over {
			t.Errorf("%s: importance %v, over the limit %v", n, l.Importance, over)
		}
	}
}

// cellOf returns the calendar's cell for a local date.
func (f *fixture) cellOf(day time.Time) *dayCell {
	f.t.Helper()
	for _, cell := range f.w.calendar.days {
		if cell.day.Format(time.DateOnly) == day.Format(time.DateOnly) {
			return cell
		}
	}
	f.t.Fatalf("no cell for %s", day.Format(time.DateOnly))
	return nil
}

func chipTexts(cell *dayCell) []string {
	var out []string
	for _, o := range cell.chips.Objects {
		if chip := findChip(o); chip != nil {
			out = append(out, chip.Text)
		} else if l := findTapLabel(o); l != nil {
			out = append(out, l.Text)
		}
	}
	return out
}

// findChip is the post chip inside a chip's containers, or nil.
func findChip(o fyne.CanvasObject) *postChip {
	switch o := o.(type) {
	case *postChip:
		return o
	case *fyne.Container:
		for _, child := range o.Objects {
			if chip := findChip(child); chip != nil {
				return chip
			}
		}
	}
	return nil
}

// findTapLabel is the tappable label inside o (an event, "+N"), or nil.
func findTapLabel(o fyne.CanvasObject) *tapLabel {
	switch o := o.(type) {
	case *tapLabel:
		return o
	case *fyne.Container:
		for _, child := range o.Objects {
			if l := findTapLabel(child); l != nil {
				return l
			}
		}
	}
	return nil
}

func TestMonthViewShowsPostsOnTheirDays(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	dec1 := time.Date(2026, 12, 1, 9, 30, 0, 0, time.Local)
	p, _ := f.drafts.Create(context.Background(), app.Post{Title: "Lancement", Text: "x", PlannedAt: dec1})
	for i := 0; i < 5; i++ {
		f.drafts.Create(context.Background(), app.Post{Text: fmt.Sprintf("post %d", i), PlannedAt: dec1.AddDate(0, 0, 9).Add(time.Duration(i) * time.Hour)})
	}
	f.idle()
	f.w.ShowView("calendar")
	cal := f.w.calendar
	if !f.shows("Novembre 2026") || !f.shows("lun.") {
		t.Fatal("the calendar does not open on November 2026 in French")
	}
	// 1 December is in the last week of November's grid.
	if got := chipTexts(f.cellOf(dec1)); len(got) != 1 || got[0] != "09:30 Lancement" {
		t.Errorf("1 December shows %q", got)
	}
	test.Tap(cal.days[41]) // no crash on the last cell
	f.w.ShowView("calendar")

	next := func() {
		for _, o := range test.LaidOutObjects(f.w.Window().Content()) {
			if b, ok := o.(*widget.Button); ok && b.Icon == theme.NavigateNextIcon() {
				test.Tap(b)
				return
			}
		}
		t.Fatal("no next-month button")
	}
	next()
	f.idle()
	if !f.shows("Décembre 2026") {
		t.Fatal("next does not show December")
	}
	if got := chipTexts(f.cellOf(dec1.AddDate(0, 0, 9))); len(got) != 3 || got[2] != "+3 autres" || got[0] != "09:30 post 0" {
		t.Errorf("a busy day shows %q", got)
	}

	// Tapping a post opens it in Compose.
	findChip(f.cellOf(dec1).chips.Objects[0]).Tapped(nil)
	f.idle()
	if f.w.View() != "compose" || f.w.compose.current != p.ID || !f.shows("Prévu le 1 déc. à 09:30") {
		t.Errorf("tapping the post: view %q, draft %s", f.w.View(), f.w.compose.current)
	}
}

func TestTapOnEmptyDayStartsAPlannedPost(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("calendar")
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.Local)
	test.Tap(f.cellOf(day))
	if f.w.View() != "compose" || !f.shows("Planned for Nov 27 at 09:00") {
		t.Fatalf("an empty day opened %q", f.w.View())
	}
	test.Type(f.w.compose.text, "Black Friday")
	f.idle()
	posts := f.stored()
	if len(posts) != 1 || !posts[0].PlannedAt.Equal(day.Add(9*time.Hour)) {
		t.Fatalf("stored %+v", posts)
	}
	f.w.ShowView("calendar")
	f.idle()
	if got := chipTexts(f.cellOf(day)); len(got) != 1 || got[0] != "09:00 Black Friday" {
		t.Errorf("the new post is not on its day: %q", got)
	}
}

func TestDragPostToAnotherDayKeepsItsTime(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	from := time.Date(2026, 11, 10, 18, 45, 0, 0, time.Local)
	p, _ := f.drafts.Create(context.Background(), app.Post{Title: "Live", Text: "x", PlannedAt: from})
	f.w.ShowView("calendar")
	f.idle()
	chip := findChip(f.cellOf(from).chips.Objects[0])
	target := f.cellOf(time.Date(2026, 11, 19, 0, 0, 0, 0, time.Local))
	center := fyne.CurrentApp().Driver().AbsolutePositionForObject(target).Add(fyne.NewPos(target.Size().Width/2, target.Size().Height/2))
	chip.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: center}})
	if target.bg.StrokeWidth != 2 {
		t.Error("the day under the pointer is not outlined")
	}
	chip.DragEnd()
	f.idle()
	if target.bg.StrokeWidth != 1 {
		t.Error("the outline stays after the drop")
	}
	got, err := f.drafts.Get(context.Background(), p.ID)
	if err != nil || !got.PlannedAt.Equal(time.Date(2026, 11, 19, 18, 45, 0, 0, time.Local)) {
		t.Fatalf("after the drop the post is planned at %v (%v)", got.PlannedAt, err)
	}
	if texts := chipTexts(target); len(texts) != 1 || texts[0] != "18:45 Live" {
		t.Errorf("the target day shows %q", texts)
	}
	if texts := chipTexts(f.cellOf(from)); len(texts) != 0 {
		t.Errorf("the old day still shows %q", texts)
	}
}

func TestMoveKeepsWallClockAcrossDaylightSaving(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database")
	}
	local := time.Local
	time.Local = paris
	t.Cleanup(func() { time.Local = local }) // runs after the window's cleanup
	f := newFixture(t, app.LanguageEnglish)
	before := time.Date(2026, 10, 20, 9, 0, 0, 0, paris) // summer time, UTC+2
	p, _ := f.drafts.Create(context.Background(), app.Post{Text: "x", PlannedAt: before})
	f.idle()
	f.w.calendar.move(p, f.cellOf(time.Date(2026, 11, 3, 0, 0, 0, 0, paris))) // winter time, UTC+1
	f.idle()
	got, _ := f.drafts.Get(context.Background(), p.ID)
	if h := got.PlannedAt.In(paris).Hour(); h != 9 {
		t.Errorf("moved across the change of time, the post is at %d:00 in Paris", h)
	}
}

func TestCalendarKeys(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("calendar")
	press := func(k fyne.KeyName) {
		f.w.Window().Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: k})
		f.idle()
	}
	press(fyne.KeyPageDown)
	press(fyne.KeyPageDown)
	if !f.shows("January 2027") {
		t.Error("two Page Down from November do not show January 2027")
	}
	press(fyne.KeyPageUp)
	if !f.shows("December 2026") {
		t.Error("Page Up does not go back a month")
	}
	press(fyne.KeyHome)
	if !f.shows("November 2026") {
		t.Error("Home does not come back to this month")
	}
	press(fyne.KeyW)
	if !f.w.calendar.weekMode || !f.w.calendar.weekView.Visible() {
		t.Error("W does not show the week")
	}
	press(fyne.KeyQ)
	if !f.w.calendar.queueView.content.Visible() || f.w.calendar.weekView.Visible() || !f.shows("Posting queues") {
		t.Error("Q does not show the queues")
	}
	press(fyne.KeyM)
	if f.w.calendar.weekMode || !f.w.calendar.monthView.Visible() || f.w.calendar.queueView.content.Visible() {
		t.Error("M does not come back to the month")
	}
}

// slotOf returns the week view's slot for a local hour.
func (f *fixture) slotOf(at time.Time) *dayCell {
	f.t.Helper()
	for _, slot := range f.w.calendar.slots {
		if slot.day.Equal(at) {
			return slot
		}
	}
	f.t.Fatalf("no slot for %v", at)
	return nil
}

func TestWeekView(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	tue := time.Date(2026, 11, 24, 10, 30, 0, 0, time.Local) // the clock's week: 23-29 Nov
	p, _ := f.drafts.Create(context.Background(), app.Post{Title: "Live", Text: "x", PlannedAt: tue})
	f.w.ShowView("calendar")
	test.Tap(f.w.calendar.weekButton)
	f.idle()
	cal := f.w.calendar
	if !cal.weekMode || !f.shows("23 nov. – 29 nov.") || !f.shows("mar. 24") {
		t.Fatalf("the week view does not show the week of 23 November")
	}
	slot := f.slotOf(time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local))
	if got := chipTexts(slot); len(got) != 1 || got[0] != "10:30 Live" {
		t.Errorf("Tuesday 10:00 shows %q", got)
	}

	// Drag to Thursday 16:00: the post keeps its minutes.
	chip := findChip(slot.chips.Objects[0])
	target := f.slotOf(time.Date(2026, 11, 26, 16, 0, 0, 0, time.Local))
	f.w.Window().Resize(fyne.NewSize(1100, 720))
	cal.weekScroll.ScrollToOffset(fyne.NewPos(0, 14*cal.slots[0].MinSize().Height))
	center := fyne.CurrentApp().Driver().AbsolutePositionForObject(target).Add(fyne.NewPos(target.Size().Width/2, target.Size().Height/2))
	chip.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: center}})
	chip.DragEnd()
	f.idle()
	got, _ := f.drafts.Get(context.Background(), p.ID)
	if !got.PlannedAt.Equal(time.Date(2026, 11, 26, 16, 30, 0, 0, time.Local)) {
		t.Errorf("dropped on Thursday 16:00, the post is at %v", got.PlannedAt.Local())
	}

	// An empty hour starts a post planned at that hour.
	test.Tap(f.slotOf(time.Date(2026, 11, 25, 14, 0, 0, 0, time.Local)))
	if f.w.View() != "compose" || !f.shows("Prévu le 25 nov. à 14:00") {
		t.Fatal("an empty hour does not start a post planned then")
	}

	// Next week, and back to the month of that week.
	f.w.ShowView("calendar")
	cal.typedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	f.idle()
	if !f.shows("30 nov. – 6 déc.") {
		t.Error("Page Down does not show the next week")
	}
	test.Tap(cal.monthButton)
	f.idle()
	if cal.weekMode || !f.shows("Décembre 2026") {
		t.Error("back to the month does not show the month of the week's Thursday")
	}
}

// Nothing is left for Fyne to run once its loop has stopped (its own
// preferences' hook waited for ever on a loop gone, the process left
// running after SIGTERM).
func TestNothingQueuedOnceTheLoopStops(t *testing.T) {
	a := test.NewTempApp(t)
	l := a.Lifecycle()
	l.(interface{ SetOnStoppedHookExecuted(func()) }).SetOnStoppedHookExecuted(func() {})
	dropStoppedHook(l)
	if l.(interface{ OnStopped() func() }).OnStopped() != nil {
		t.Error("a hook is still queued when the loop stops")
	}
}
