package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/workspace"
	"github.com/relais-app/relais/storage"
)

// fillDrafts writes n drafts into the data directory dir, in batches.
func fillDrafts(b *testing.B, dir string, n int) {
	b.Helper()
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	const batch = 10_000
	for done := 0; done < n; done += batch {
		var ps []app.Post
		for i := done; i < n && i < done+batch; i++ {
			at := start.Add(time.Duration(i) * time.Minute)
			ps = append(ps, app.Post{
				ID:    app.NewID(at),
				Title: fmt.Sprintf("Post %d", i),
				Text: fmt.Sprintf("Brouillon n°%d : une publication d’exemple pour la campagne d’automne, "+
					"avec un lien https://example.org/%d et quelques mots de plus.", i, i),
				Tags:      []string{"campagne", fmt.Sprintf("semaine%d", i%52)},
				Status:    app.StatusDraft,
				CreatedAt: at,
				UpdatedAt: at,
			})
		}
		if err := db.PutPosts(context.Background(), ps); err != nil {
			b.Fatal(err)
		}
	}
}

// benchmarkFirstFrame measures what a user waits for at start: open the
// data directory, list the drafts, and draw the first frame of Compose.
func benchmarkFirstFrame(b *testing.B, n int) {
	dir := b.TempDir()
	fillDrafts(b, dir, n)
	a := test.NewTempApp(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db, err := storage.Open(dir, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		q := &uiQueue{}
		drafts := app.NewDrafts(db, app.SystemClock{})
		w := newWindow(a, Deps{
			Drafts: drafts, Calendar: app.NewCalendar(db, drafts, app.SystemClock{}, time.Local),
			Settings: app.NewSettings(db), Clock: app.SystemClock{},
			Lang: app.LanguageEnglish, SystemLang: app.LanguageEnglish,
			SaveDelay: time.Hour, UndoFor: time.Hour,
		}, q.do)
		w.Window().Resize(fyne.NewSize(1100, 720))
		// The first frame that shows drafts (or says there are none).
		for len(w.compose.items) < min(n, firstPage) || (n == 0 && w.compose.items == nil && w.compose.hint.Text == "") {
			if !q.drain() {
				time.Sleep(50 * time.Microsecond)
			}
		}
		if img := w.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
			b.Fatal("nothing drawn")
		}
		b.StopTimer()
		for { // let the rest of the list arrive before closing
			w.bg.Wait()
			if !q.drain() {
				break
			}
		}
		if got := len(w.compose.items); got != n {
			b.Fatalf("listed %d drafts, want %d", got, n)
		}
		w.Window().Close()
		q.drain()
		db.Close()
		b.StartTimer()
	}
}

func BenchmarkFirstFrameEmpty(b *testing.B)        { benchmarkFirstFrame(b, 0) }
func BenchmarkFirstFrame100000Drafts(b *testing.B) { benchmarkFirstFrame(b, 100_000) }

// BenchmarkMonthView2000 reads and draws a month holding 2,000 planned
// posts (about 65 a day) in the calendar.
func BenchmarkMonthView2000(b *testing.B) {
	dir := b.TempDir()
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	first := time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)
	var ps []app.Post
	for i := 0; i < 2000; i++ {
		at := first.Add(time.Duration(i) * 21 * time.Minute)
		ps = append(ps, app.Post{ID: app.NewID(at), Title: fmt.Sprintf("Post %d", i), Text: "x",
			Status: app.StatusDraft, PlannedAt: at, CreatedAt: at, UpdatedAt: at})
	}
	if err := db.PutPosts(context.Background(), ps); err != nil {
		b.Fatal(err)
	}
	a := test.NewTempApp(b)
	q := &uiQueue{}
	clock := &stepClock{now: first.Add(24 * time.Hour)}
	drafts := app.NewDrafts(db, clock)
	w := newWindow(a, Deps{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, clock, time.Local), Settings: app.NewSettings(db), Clock: clock,
		Lang: app.LanguageEnglish, SystemLang: app.LanguageEnglish, SaveDelay: time.Hour, UndoFor: time.Hour,
	}, q.do)
	w.Window().Resize(fyne.NewSize(1100, 720))
	w.ShowView("calendar")
	drain := func() {
		for {
			w.bg.Wait()
			if !q.drain() {
				return
			}
		}
	}
	drain()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.calendar.show(first)
		drain()
		if img := w.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
			b.Fatal("nothing drawn")
		}
	}
	b.StopTimer()
	if got := len(w.calendar.byDay); got < 28 {
		b.Fatalf("posts on %d days", got)
	}
	w.Window().Close()
	q.drain()
}

// BenchmarkInboxScroll100000 scrolls the inbox of 100,000 items a page
// at a time, drawing each frame: what a user waits for while scrolling.
// The list is virtual, so a frame costs the rows on screen only.
func BenchmarkInboxScroll100000(b *testing.B) {
	const total = 100_000
	dir := b.TempDir()
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() }) // after the window, which inboxWindow closes at the end
	fillInbox(b, db, total)
	w := inboxWindow(b, db, &stepClock{now: inboxFillStart.Add(total * time.Minute)})
	list := &w.inbox.list.List
	if n := list.Length(); n != total {
		b.Fatalf("the inbox lists %d items, want %d", n, total)
	}
	page := list.Size().Height
	offset := float32(0)
	b.ResetTimer()
	for b.Loop() {
		offset += page
		list.ScrollToOffset(offset)
		if img := w.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
			b.Fatal("nothing drawn")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/frame")
}

// inboxWindow opens a window on db's inbox, every item read, closed when
// the benchmark ends.
func inboxWindow(b *testing.B, db *storage.DB, clock app.Clock) *Window {
	q := &uiQueue{}
	drafts := app.NewDrafts(db, clock)
	w := newWindow(test.NewTempApp(b), Deps{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, clock, time.UTC), Settings: app.NewSettings(db), Clock: clock,
		Inbox: app.NewInbox(db, nil, clock, time.UTC, nil),
		Lang:  app.LanguageEnglish, SystemLang: app.LanguageEnglish, SaveDelay: time.Hour, UndoFor: time.Hour,
	}, q.do)
	b.Cleanup(func() { w.Window().Close() })
	w.Window().Resize(fyne.NewSize(1100, 720))
	w.ShowView("inbox")
	for {
		w.bg.Wait()
		if !q.drain() {
			break
		}
	}
	return w
}

// inboxFillStart is when the first item fillInbox makes arrived.
var inboxFillStart = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// fillInbox stores total mentions waiting for a reply, a minute apart.
func fillInbox(b *testing.B, db *storage.DB, total int) {
	ctx := context.Background()
	t0 := inboxFillStart
	account := app.NewID(t0)
	const batch = 10_000
	for done := 0; done < total; done += batch {
		items := make([]app.InboxItem, 0, batch)
		for i := done; i < done+batch; i++ {
			at := t0.Add(time.Duration(i) * time.Minute)
			items = append(items, app.InboxItem{
				ID: app.NewID(at), Account: account, Network: app.Mastodon, Arrived: at, State: app.StateNeedsReply,
				Item: app.Item{RemoteID: fmt.Sprint(i), Kind: app.ItemMention, At: at,
					Author: app.Author{Name: fmt.Sprintf("Cliente %d", i), Handle: fmt.Sprintf("c%d@masto.example", i)},
					Text:   fmt.Sprintf("@boulangerie Bonjour, la commande n°%d est-elle prête pour samedi ?", i)},
			})
		}
		if _, err := db.MergeInbox(ctx, account, fmt.Sprint(done), items); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSwitchWorkspace100000 switches the window between two
// workspaces of 100,000 inbox items and 1,000 drafts each: the time from
// the switch to the new workspace's first frame (its data directory
// opened, its services made, the old screens closed and their writes
// waited for, the new ones built and drawn). The inbox's items load
// behind, as at start.
func BenchmarkSwitchWorkspace100000(b *testing.B) {
	dirs := [2]string{b.TempDir(), b.TempDir()}
	for _, dir := range dirs {
		fillDrafts(b, dir, 1000)
		db, err := storage.Open(dir, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		fillInbox(b, db, 100_000)
		db.Close()
	}
	open := func(dir string) (Deps, *storage.DB) {
		db, err := storage.Open(dir, storage.Options{})
		if err != nil {
			b.Fatal(err)
		}
		clock := app.SystemClock{}
		drafts := app.NewDrafts(db, clock)
		return Deps{
			Drafts: drafts, Calendar: app.NewCalendar(db, drafts, clock, time.UTC), Settings: app.NewSettings(db), Clock: clock,
			Inbox:     app.NewInbox(db, nil, clock, time.UTC, nil),
			Workspace: workspace.Workspace{ID: app.NewID(time.Now()), Name: dir, Colour: "#2f6fdf"},
			Lang:      app.LanguageEnglish, SystemLang: app.LanguageEnglish, SaveDelay: time.Hour, UndoFor: time.Hour,
		}, db
	}
	settle := func(w *Window, q *uiQueue) {
		for {
			w.bg.Wait()
			if !q.drain() {
				return
			}
		}
	}
	a := test.NewTempApp(b)
	q := &uiQueue{}
	deps, db := open(dirs[0])
	w := newWindow(a, deps, q.do)
	defer w.Window().Close()
	w.Window().Resize(fyne.NewSize(1100, 720))
	settle(w, q)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		next, nextDB := open(dirs[(i+1)%2])
		w.replaceWorkspace(next)
		for len(w.compose.items) < firstPage {
			if !q.drain() {
				time.Sleep(50 * time.Microsecond)
			}
		}
		if img := w.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
			b.Fatal("nothing drawn")
		}
		b.StopTimer()
		settle(w, q)
		if n := w.deps.Inbox.NeedsReply(); n != 100_000 {
			b.Fatalf("the inbox holds %d items waiting, want 100,000", n)
		}
		db.Close()
		db = nextDB
		b.StartTimer()
	}
	b.StopTimer()
	db.Close()
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/switch")
}

// BenchmarkKeystroke10000: one character typed at the end of a post of
// 10,000 characters, targeted at every network, with what it sets off on
// the UI goroutine (counters per network, problems, the autosave's note
// and the proofreader's debounce). A frame is 16 ms.
func BenchmarkKeystroke10000(b *testing.B) {
	a := test.NewTempApp(b)
	db, err := storage.Open(b.TempDir(), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q := &uiQueue{}
	drafts := app.NewDrafts(db, app.SystemClock{})
	w := newWindow(a, Deps{
		Drafts: drafts, Calendar: app.NewCalendar(db, drafts, app.SystemClock{}, time.Local),
		Settings: app.NewSettings(db), Clock: app.SystemClock{},
		Lang: app.LanguageEnglish, SystemLang: app.LanguageEnglish,
		SaveDelay: time.Hour, UndoFor: time.Hour,
	}, q.do)
	defer w.Window().Close()
	w.Window().Resize(fyne.NewSize(1100, 720))
	words := "Une publication d’exemple avec un lien https://example.org/automne et #automne. "
	text := ""
	for len([]rune(text)) < 10_000 {
		text += words
	}
	w.compose.text.SetText(string([]rune(text)[:10_000]))
	q.drain()
	w.Window().Canvas().Focus(w.compose.text)
	w.compose.text.CursorRow, w.compose.text.CursorColumn = len(w.compose.text.Text), 0
	b.ResetTimer()
	for b.Loop() {
		w.compose.text.TypedRune('a')
		q.drain()
	}
}

// BenchmarkFrameDuringBackup draws the inbox's frames while the
// workspace (100,000 inbox items, 10,000 posts) is backed up in the
// background, as the daily backup does: what the user sees of it.
func BenchmarkFrameDuringBackup(b *testing.B) {
	dir := b.TempDir()
	fillDrafts(b, dir, 10_000)
	db, err := storage.Open(dir, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() }) // after the window, which inboxWindow closes at the end
	fillInbox(b, db, 100_000)
	w := inboxWindow(b, db, app.SystemClock{})
	list := &w.inbox.list.List
	page := list.Size().Height
	offset := float32(0)
	backups := b.TempDir()
	b.ResetTimer()
	frames := 0
	for b.Loop() {
		done := make(chan error, 1)
		go func() {
			done <- db.BackupTo(context.Background(), filepath.Join(backups, "b.zip"), filepath.Join(dir, "media"))
		}()
		for running := true; running; {
			select {
			case err := <-done:
				if err != nil {
					b.Fatal(err)
				}
				running = false
			default:
				offset += page
				list.ScrollToOffset(offset)
				if img := w.Window().Canvas().Capture(); img.Bounds().Dx() == 0 {
					b.Fatal("nothing drawn")
				}
				frames++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(frames), "ms/frame")
}
