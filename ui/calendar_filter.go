package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// calendarFilter is the row of choices that narrows the posts shown:
// network, campaign, tag and status. Campaigns and tags are offered from
// what the period shown holds.
type calendarFilter struct {
	tr       func(string, ...string) string
	network  *widget.Select
	campaign *widget.Select
	tag      *widget.Select
	status   *widget.Select
	clear    *widget.Button
}

func (c *calendarScreen) buildFilters() *fyne.Container {
	tr := c.w.tr
	f := &c.filter
	f.tr = tr.T
	changed := func(string) { c.reload() }

	networks := []string{tr.T("filter.all_networks")}
	for _, n := range app.Networks {
		networks = append(networks, n.Name())
	}
	f.network = widget.NewSelect(networks, changed)
	f.network.SetSelectedIndex(0)
	statuses := []string{tr.T("filter.all_statuses")}
	for _, s := range app.Statuses {
		statuses = append(statuses, tr.T("status."+string(s)))
	}
	f.status = widget.NewSelect(statuses, changed)
	f.status.SetSelectedIndex(0)
	f.campaign = widget.NewSelect([]string{tr.T("filter.all_campaigns")}, changed)
	f.campaign.SetSelectedIndex(0)
	f.tag = widget.NewSelect([]string{tr.T("filter.all_tags")}, changed)
	f.tag.SetSelectedIndex(0)
	f.clear = widget.NewButton(tr.T("filter.clear"), func() {
		for _, s := range []*widget.Select{f.network, f.campaign, f.tag, f.status} {
			s.SetSelectedIndex(0)
		}
	})
	f.clear.Importance = widget.LowImportance
	selects := container.NewGridWithColumns(4, f.network, f.campaign, f.tag, f.status)
	return container.NewBorder(nil, nil, nil, f.clear, selects)
}

// legend says which colour is which network, and what the bar on the left
// of a post says.
func (c *calendarScreen) legend() fyne.CanvasObject {
	row := container.NewHBox()
	for _, n := range app.Networks {
		name := widget.NewLabel(n.Name())
		name.SizeName = theme.SizeNameCaptionText
		row.Add(container.New(&tightRow{}, dot(networkColor(n), 14), name))
	}
	row.Add(widget.NewSeparator())
	for _, s := range app.Statuses {
		name := widget.NewLabel(c.w.tr.T("status." + string(s)))
		name.SizeName = theme.SizeNameCaptionText
		swatch := canvas.NewRectangle(statusColor(s))
		swatch.SetMinSize(fyne.NewSize(4, 12))
		row.Add(container.New(&tightRow{}, swatch, name))
	}
	return container.NewCenter(row)
}

// current is the filter chosen.
func (f *calendarFilter) current() app.Filter {
	var out app.Filter
	if i := f.network.SelectedIndex(); i > 0 {
		out.Network = app.Networks[i-1]
	}
	if i := f.status.SelectedIndex(); i > 0 {
		out.Status = app.Statuses[i-1]
	}
	if i := f.campaign.SelectedIndex(); i > 0 {
		out.Campaign = f.campaign.Selected
	}
	if i := f.tag.SelectedIndex(); i > 0 {
		out.Tag = strings.TrimPrefix(f.tag.Selected, "#")
	}
	return out
}

// offer lists the campaigns and tags of the period's posts, keeping the
// choice made.
func (f *calendarFilter) offer(entries []app.Entry) {
	var campaigns, tags []string
	for _, e := range entries {
		if e.Post == nil {
			continue
		}
		if c := e.Post.Campaign; c != "" && !slices.Contains(campaigns, c) {
			campaigns = append(campaigns, c)
		}
		for _, t := range e.Post.Tags {
			if !slices.Contains(tags, "#"+t) {
				tags = append(tags, "#"+t)
			}
		}
	}
	slices.Sort(campaigns)
	slices.Sort(tags)
	reoffer(f.campaign, f.tr("filter.all_campaigns"), campaigns)
	reoffer(f.tag, f.tr("filter.all_tags"), tags)
}

// reoffer sets a select's options, keeping its choice even when the period
// shown no longer holds it, so that moving on a month keeps the filter.
func reoffer(s *widget.Select, all string, options []string) {
	chosen := s.Selected
	if chosen != all && chosen != "" && !slices.Contains(options, chosen) {
		options = append(options, chosen)
		slices.Sort(options)
	}
	s.Options = append([]string{all}, options...)
	s.Refresh()
}
