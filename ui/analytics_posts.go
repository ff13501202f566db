package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
	"github.com/relais-app/relais/ui/report"
)

// postSorts are the orders the top posts table offers.
var postSorts = []string{"engagement", "rate", "likes", "boosts", "replies", "views", "date"}

// topPosts is the table of the period's posts, sortable, each opening its
// page on its network.
type topPosts struct {
	w       *Window
	content fyne.CanvasObject
	sortSel *widget.Select
	list    *widget.List
	empty   *widget.Label
	posts   []app.PostStats
	figures report.Figures // the words of the report the posts are from
	sortBy  string
}

func newTopPosts(w *Window) *topPosts {
	tr := w.tr
	t := &topPosts{w: w, sortBy: "engagement"}
	var names []string
	for _, s := range postSorts {
		names = append(names, tr.T("analytics.sort."+s))
	}
	t.sortSel = widget.NewSelect(names, nil)
	t.sortSel.SetSelectedIndex(0)
	t.sortSel.OnChanged = func(name string) {
		if i := slices.Index(names, name); i >= 0 {
			t.sortBy = postSorts[i]
			t.sort()
		}
	}
	t.list = widget.NewList(func() int { return len(t.posts) }, t.newRow, t.updateRow)
	t.empty = widget.NewLabel(tr.T("analytics.no_posts"))
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(tr.T("analytics.top_posts"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewBorder(nil, nil, title, container.NewHBox(widget.NewLabel(tr.T("analytics.sort_by")), t.sortSel))
	t.content = container.NewBorder(head, nil, nil, nil,
		container.NewStack(container.NewGridWrap(fyne.NewSize(1, 320)), t.list, t.empty))
	return t
}

// set shows the posts of a report.
func (t *topPosts) set(posts []app.PostStats, f report.Figures) {
	t.posts, t.figures = slices.Clone(posts), f
	t.empty.Hidden = len(posts) > 0
	t.empty.Refresh()
	t.sort()
}

func (t *topPosts) sort() {
	key := func(s app.PostStats) float64 {
		switch t.sortBy {
		case "rate":
			return s.Rate()
		case "likes":
			return float64(s.Likes)
		case "boosts":
			return float64(s.Boosts)
		case "replies":
			return float64(s.Replies)
		case "views":
			return float64(s.Views)
		case "date":
			return float64(s.PublishedAt.Unix())
		}
		return float64(s.Engagement())
	}
	app.SortByEngagement(t.posts)
	slices.SortStableFunc(t.posts, func(a, b app.PostStats) int {
		ka, kb := key(a), key(b)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	t.list.Refresh()
}

func (t *topPosts) newRow() fyne.CanvasObject {
	when := widget.NewLabel("00 déc. 2026 18:00 · Mastodon")
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	figures := widget.NewLabel("")
	open := widget.NewButtonWithIcon("", theme.ComputerIcon(), nil)
	open.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, when, container.NewHBox(figures, open), text)
}

func (t *topPosts) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(t.posts) {
		return
	}
	s := t.posts[id]
	row := o.(*fyne.Container)
	text := row.Objects[0].(*widget.Label)
	when := row.Objects[1].(*widget.Label)
	right := row.Objects[2].(*fyne.Container)
	figures := right.Objects[0].(*widget.Label)
	open := right.Objects[1].(*widget.Button)
	date, clock := t.w.dateTime(s.PublishedAt)
	when.SetText(date + " " + clock + " · " + s.Network.Name())
	line := s.Title
	if line == "" {
		line = s.Text
	}
	text.SetText(i18n.OneLine(line))
	figures.SetText(postFigures(t.w.tr, t.figures, s))
	open.SetText(t.w.tr.T("analytics.open_post"))
	url := s.URL
	open.OnTapped = func() { t.w.openURL(url) }
	if url == "" {
		open.Disable()
	} else {
		open.Enable()
	}
}

// postFigures is a post's figures on one line: "♥ 12 · ↻ 3 · ↩ 2 · 4,1 %".
func postFigures(tr *i18n.Translator, f report.Figures, s app.PostStats) string {
	parts := []string{
		tr.T("analytics.fig_likes", "n", tr.Number(s.Likes)),
		tr.T("analytics.fig_boosts", "n", tr.Number(s.Boosts)),
		tr.T("analytics.fig_replies", "n", tr.Number(s.Replies)),
	}
	if s.Quotes > 0 {
		parts = append(parts, tr.T("analytics.fig_quotes", "n", tr.Number(s.Quotes)))
	}
	if s.Views > 0 {
		// Where the network tells them (Threads, Instagram, Facebook).
		parts = append(parts, tr.T("analytics.fig_views", "n", tr.Number(s.Views)))
	}
	if s.Reach > 0 {
		// Instagram's reach, a Page post's unique views.
		parts = append(parts, tr.T("analytics.fig_reach", "n", tr.Number(s.Reach)))
	}
	if s.Saves > 0 {
		parts = append(parts, tr.T("analytics.fig_saves", "n", tr.Number(s.Saves)))
	}
	if s.Followers > 0 {
		parts = append(parts, f.Rate(s.Rate()))
	}
	return strings.Join(parts, " · ")
}
