package monitor

import (
	"context"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	mon "github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/ui/i18n"
)

// The languages the language filter offers.
var filterLanguages = []string{"fr", "en", "es", "de", "it", "pt", "nl"}

// The periods the period filter offers.
var periods = map[string]time.Duration{"24h": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "30d": 30 * 24 * time.Hour}

func (s *Screen) buildStream() fyne.CanvasObject {
	tr := s.tr
	changed := func() {
		s.reload()
		s.focusList()
	}
	s.fWatch = newCodeSelect([]string{""}, []string{tr.T("monitor.filter.all_watches")}, func() {
		if s.fWatch.code == "" {
			s.watchList.UnselectAll() // the left side says no watch is chosen
		}
		changed()
	})
	s.fSource = newCodeSelect(
		[]string{"", string(mon.SourceBluesky), string(mon.SourceMastodon), string(mon.SourceFeed)},
		[]string{tr.T("monitor.filter.all_sources"), tr.T("monitor.source.bluesky"), tr.T("monitor.source.mastodon"), tr.T("monitor.source.feed")},
		changed)
	s.fSentiment = newCodeSelect(
		[]string{"", string(mon.SentimentNegative), string(mon.SentimentNeutral), string(mon.SentimentPositive)},
		[]string{tr.T("monitor.filter.all_sentiments"), tr.T("monitor.sentiment.negative"), tr.T("monitor.sentiment.neutral"), tr.T("monitor.sentiment.positive")},
		changed)
	codes, labels := []string{""}, []string{tr.T("monitor.filter.all_languages")}
	for _, l := range filterLanguages {
		codes = append(codes, l)
		labels = append(labels, tr.T("monitor.lang."+l))
	}
	s.fLang = newCodeSelect(codes, labels, changed)
	s.fPeriod = newCodeSelect([]string{"", "24h", "7d", "30d"},
		[]string{tr.T("monitor.period.all"), tr.T("monitor.period.24h"), tr.T("monitor.period.7d"), tr.T("monitor.period.30d")}, changed)
	s.fRead = newCodeSelect([]string{"", "unread", "read"},
		[]string{tr.T("monitor.filter.all_read"), tr.T("monitor.filter.unread"), tr.T("monitor.filter.read")}, changed)
	s.fImportant = widget.NewCheck(tr.T("monitor.filter.important"), func(bool) { changed() })

	s.list = newItemList(
		func() int {
			if s.more {
				return len(s.items) + 1 // the row that says more is coming
			}
			return len(s.items)
		},
		func() fyne.CanvasObject { return newItemRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*itemRow)
			if id >= len(s.items) {
				row.loading(tr)
				s.loadMore()
				return
			}
			if id >= len(s.items)-pageSize/4 {
				s.loadMore() // ahead of the scroll, so that the rows are there when it arrives
			}
			row.set(tr, s.items[id], s.now)
		},
	)
	s.list.typedRune = s.typedRune
	s.list.typedKey = s.typedKey
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= len(s.items) {
			s.list.Unselect(id)
			return
		}
		s.selIndex = id
		s.selected = s.items[id].ID
		s.showItem(s.items[id])
	}
	s.count = widget.NewLabel(tr.T("monitor.loading"))
	s.count.Importance = widget.LowImportance
	filters := container.NewVBox(
		// Two a row: three or four made the stream's column so wide
		// that the item's own column was left a sliver.
		container.NewGridWithColumns(2, s.fWatch.sel, s.fSource.sel),
		container.NewGridWithColumns(2, s.fSentiment.sel, s.fLang.sel),
		container.NewGridWithColumns(2, s.fPeriod.sel, s.fRead.sel),
		s.fImportant,
	)
	return container.NewBorder(filters, s.count, nil, nil, s.list)
}

// offerWatches sets the watch filter's options from the watches.
func (s *Screen) offerWatches() {
	codes, labels := []string{""}, []string{s.tr.T("monitor.filter.all_watches")}
	for _, w := range s.watches {
		codes = append(codes, w.ID.String())
		labels = append(labels, w.Name)
	}
	s.fWatch.offer(codes, labels)
}

// filter is what the filters keep.
func (s *Screen) filter() mon.Filter {
	f := mon.Filter{
		Source:    mon.SourceKind(s.fSource.code),
		Sentiment: mon.Sentiment(s.fSentiment.code),
		Language:  s.fLang.code,
		Important: s.fImportant.Checked,
	}
	if id, err := app.ParseID(s.fWatch.code); err == nil {
		f.Watch = id
	}
	if d, ok := periods[s.fPeriod.code]; ok {
		f.From = s.d.Clock.Now().Add(-d)
	}
	switch s.fRead.code {
	case "unread":
		f.Read = mon.OnlyUnread
	case "read":
		f.Read = mon.OnlyRead
	}
	return f
}

// reload lists the first page of items again, off the UI goroutine, and
// counts them all after.
func (s *Screen) reload() {
	s.loads++
	load := s.loads
	f := s.filter()
	f.Limit = pageSize
	svc, clock := s.d.Service, s.d.Clock
	s.loading = true
	s.d.Go(func() {
		ctx := context.Background()
		var page []mon.Item
		err := svc.Walk(ctx, f, func(it mon.Item) bool {
			page = append(page, it)
			return true
		})
		now := clock.Now()
		s.d.Do(func() {
			if load != s.loads {
				return
			}
			s.loading = false
			if err != nil {
				s.more = false
				s.setCount(s.tr.Error(err), widget.DangerImportance)
				return
			}
			s.items, s.now, s.more = page, now, len(page) == pageSize
			s.list.Refresh()
			s.keepSelection()
			if !s.more {
				s.showCount(len(page))
				return
			}
			s.setCount(s.tr.T("monitor.counting"), widget.LowImportance)
			s.countAll(load, f)
		})
	})
}

// countAll counts the items the filter keeps, for the line under the
// list, without holding them.
func (s *Screen) countAll(load int, f mon.Filter) {
	f.Limit = 0
	svc := s.d.Service
	s.d.Go(func() {
		n := 0
		err := svc.Walk(context.Background(), f, func(mon.Item) bool {
			n++
			return true
		})
		s.d.Do(func() {
			if load != s.loads {
				return
			}
			if err != nil {
				s.setCount(s.tr.Error(err), widget.DangerImportance)
				return
			}
			s.showCount(n)
		})
	})
}

func (s *Screen) showCount(n int) {
	if n == 0 {
		if len(s.watches) == 0 {
			s.setCount(s.tr.T("monitor.empty.no_watch"), widget.LowImportance)
		} else {
			s.setCount(s.tr.T("monitor.empty"), widget.LowImportance)
		}
		return
	}
	s.setCount(s.tr.N("monitor.count", n), widget.LowImportance)
}

func (s *Screen) setCount(text string, imp widget.Importance) {
	s.count.SetText(text)
	s.count.Importance = imp
	s.count.Refresh()
}

// loadMore reads the page after the items listed, once at a time. The
// next page starts at the last item's time: items of that very time
// already listed are skipped, so that none is lost or shown twice.
func (s *Screen) loadMore() {
	if s.loading || !s.more || len(s.items) == 0 {
		return
	}
	s.loading = true
	load := s.loads
	f := s.filter()
	last := s.items[len(s.items)-1].At()
	var seen []app.ID
	for i := len(s.items) - 1; i >= 0 && s.items[i].At().Equal(last); i-- {
		seen = append(seen, s.items[i].ID)
	}
	f.To = last.Add(time.Nanosecond)
	f.Limit = pageSize + len(seen)
	svc := s.d.Service
	s.d.Go(func() {
		var page []mon.Item
		n := 0
		err := svc.Walk(context.Background(), f, func(it mon.Item) bool {
			n++
			if !slices.Contains(seen, it.ID) {
				page = append(page, it)
			}
			return true
		})
		s.d.Do(func() {
			if load != s.loads {
				return
			}
			s.loading = false
			if err != nil {
				s.more = false
				s.setCount(s.tr.Error(err), widget.DangerImportance)
				s.list.Refresh()
				return
			}
			s.items = append(s.items, page...)
			s.more = n == f.Limit
			s.list.Refresh()
		})
	})
}

// keepSelection chooses again the item chosen when it is still listed.
func (s *Screen) keepSelection() {
	if s.selected.IsZero() {
		s.list.UnselectAll()
		return
	}
	i := slices.IndexFunc(s.items, func(it mon.Item) bool { return it.ID == s.selected })
	if i < 0 {
		s.unselect()
		return
	}
	s.selIndex = i
	s.list.Select(i)
	s.showItem(s.items[i])
}

func (s *Screen) unselect() {
	s.selected, s.selIndex = app.ID{}, -1
	s.list.UnselectAll()
	s.clearDetail()
}

// move chooses the item delta rows below (above, when negative).
func (s *Screen) move(delta int) {
	if len(s.items) == 0 {
		return
	}
	i := s.selIndex
	if i < 0 || i >= len(s.items) || s.items[i].ID != s.selected {
		i = -1
	}
	if i < 0 {
		i = 0
	} else {
		i = min(max(i+delta, 0), len(s.items)-1)
	}
	s.list.Select(i)
	s.list.ScrollTo(i)
}

// itemList is the stream; the letters typed while it has the focus go
// to the screen's keyboard.
type itemList struct {
	widget.List
	typedRune func(rune)
	typedKey  func(*fyne.KeyEvent)
}

func newItemList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *itemList {
	l := &itemList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedRune passes the letter on to the screen.
func (l *itemList) TypedRune(r rune) {
	if l.typedRune != nil {
		l.typedRune(r)
	}
}

// TypedKey takes the arrows as the screen does; the list the others.
func (l *itemList) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyDown || ev.Name == fyne.KeyUp) && l.typedKey != nil {
		l.typedKey(ev)
		return
	}
	l.List.TypedKey(ev)
}

// sentimentColour is a sentiment's dot, in colours told apart by
// colour-blind eyes (Okabe and Ito's blue, vermilion and grey), and
// always next to its word.
func sentimentColour(s mon.Sentiment) color.Color {
	switch s {
	case mon.SentimentPositive:
		return color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	case mon.SentimentNegative:
		return color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
	case mon.SentimentNeutral:
		return color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}
	}
	return color.Transparent
}

// sentimentLabel is a sentiment's word.
func sentimentLabel(tr *i18n.Translator, s mon.Sentiment) string {
	if s == mon.SentimentUnknown {
		return tr.T("monitor.sentiment.unknown")
	}
	return tr.T("monitor.sentiment." + string(s))
}

// authorName is how an item's author is shown.
func authorName(it mon.Item) string {
	a := it.Author
	switch {
	case a.Name != "" && a.Handle != "":
		return a.Name + " (@" + strings.TrimPrefix(a.Handle, "@") + ")"
	case a.Name != "":
		return a.Name
	case a.Handle != "":
		return "@" + strings.TrimPrefix(a.Handle, "@")
	}
	return ""
}

// firstLine is the item's title, else its text's first line.
func firstLine(it mon.Item) string {
	text := strings.TrimSpace(it.Title)
	if text == "" {
		text = strings.TrimSpace(it.Text)
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	return i18n.OneLine(text)
}

// itemRow is one item of the stream.
type itemRow struct {
	widget.BaseWidget
	dot       *canvas.Circle
	sentiment *widget.Label
	meta      *widget.Label
	text      *widget.Label
	// top is the row of the dot, the sentiment and the meta line: laid
	// out again when they change, or the meta is drawn against (or over)
	// a longer sentiment than the row was made with.
	top *fyne.Container
}

func newItemRow() *itemRow {
	r := &itemRow{dot: canvas.NewCircle(color.Transparent), sentiment: widget.NewLabel(""), meta: widget.NewLabel(""), text: widget.NewLabel("")}
	r.sentiment.TextStyle.Bold = true
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.Importance = widget.LowImportance
	r.text.Truncation = fyne.TextTruncateEllipsis
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(10), r.dot))
	r.top = container.NewBorder(nil, nil, container.NewHBox(dot, r.sentiment), nil, r.meta)
	r.ExtendBaseWidget(r)
	return r
}

func (r *itemRow) set(tr *i18n.Translator, it mon.Item, now time.Time) {
	r.dot.FillColor = sentimentColour(it.Sentiment)
	r.dot.Refresh()
	r.sentiment.SetText(sentimentLabel(tr, it.Sentiment))
	meta := []string{tr.T("monitor.source." + string(it.Source))}
	if a := authorName(it); a != "" {
		meta = append(meta, a)
	}
	meta = append(meta, tr.Ago(it.At(), now))
	if it.Important {
		meta = append([]string{"★"}, meta...)
	}
	r.meta.SetText(strings.Join(meta, " · "))
	r.text.TextStyle.Bold = !it.Read
	r.text.SetText(firstLine(it))
	r.top.Refresh() // a label's new text does not lay out its row
}

func (r *itemRow) loading(tr *i18n.Translator) {
	r.dot.FillColor = color.Transparent
	r.dot.Refresh()
	r.sentiment.SetText("")
	r.meta.SetText("")
	r.text.TextStyle.Bold = false
	r.text.SetText(tr.T("monitor.loading_more"))
}

func (r *itemRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(r.top, r.text))
}
