package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/imagefit"
	"github.com/relais-app/relais/ui/thumb"
)

// This file holds the parts of the editor beyond title and text: targets
// and their variants, images, planning, details and the problems that
// keep a post from going out.

// networkColor is the colour a network wears on every screen.
func networkColor(n app.Network) color.Color {
	switch n {
	case app.Mastodon:
		return color.NRGBA{R: 0x8b, G: 0x5c, B: 0xf6, A: 0xff} // violet
	case app.Bluesky:
		return color.NRGBA{R: 0x38, G: 0xbd, B: 0xf8, A: 0xff} // sky
	case app.X:
		return color.NRGBA{R: 0xe5, G: 0xe7, B: 0xeb, A: 0xff} // near white
	case app.LinkedIn:
		return color.NRGBA{R: 0x25, G: 0x63, B: 0xeb, A: 0xff} // royal blue
	case app.Threads:
		return color.NRGBA{R: 0xa8, G: 0xa2, B: 0x9e, A: 0xff} // warm grey: Threads is black and white, X near white
	case app.RSS:
		return color.NRGBA{R: 0xf9, G: 0x73, B: 0x16, A: 0xff} // feed orange
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// statusColor is the colour of a status badge.
func statusColor(s app.Status) color.Color {
	switch s {
	case app.StatusIdea:
		return color.NRGBA{R: 0xa7, G: 0x8b, B: 0xfa, A: 0xff}
	case app.StatusReady:
		return color.NRGBA{R: 0xa3, G: 0xe6, B: 0x35, A: 0xff} // lime
	case app.StatusScheduled:
		return color.NRGBA{R: 0x2d, G: 0xd4, B: 0xbf, A: 0xff}
	case app.StatusPublished:
		return color.NRGBA{R: 0x60, G: 0xa5, B: 0xfa, A: 0xff}
	case app.StatusFailed:
		return color.NRGBA{R: 0xf8, G: 0x71, B: 0x71, A: 0xff}
	}
	return color.NRGBA{R: 0xfb, G: 0xbf, B: 0x24, A: 0xff} // draft
}

func dot(c color.Color, size float32) fyne.CanvasObject {
	d := canvas.NewCircle(c)
	holder := canvas.NewRectangle(color.Transparent)
	holder.SetMinSize(fyne.NewSquareSize(size))
	return container.NewStack(holder, container.NewCenter(sized(d, size*0.6)))
}

func sized(o fyne.CanvasObject, size float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSquareSize(size))
	return container.NewStack(r, o)
}

// variantRow is one target's line under the text: its length as the
// network counts it, and its own text when the user edits it apart.
type variantRow struct {
	target app.Target
	box    *fyne.Container
	name   *widget.Label
	length *widget.Label
	custom *widget.Entry
	toggle *widget.Button
}

// targetOption is one choice of the target picker: a connected account,
// or a network kind alone (for networks with no account, and for posts
// planned before one was connected).
type targetOption struct {
	target app.Target
	label  string
}

// postEditor is the state of the editor beyond the title and text.
type postEditor struct {
	status      *widget.Select
	statusOf    app.Status // the stored status, to go back to when scheduling fails
	targets     *targetPicker
	options     []targetOption // what targets offers, in its order
	variants    map[app.Target]*variantRow
	variantBox  *fyne.Container
	media       []app.Media
	mediaBox    *fyne.Container
	addImage    *widget.Button
	campaign    *widget.Entry
	notes       *widget.Entry
	utm         *widget.Check
	language    *choiceSelect // Post.Language
	warning     *widget.Entry // Post.Warning
	visibility  *choiceSelect // Post.Visibility
	fit         *choiceSelect // Post.ImageFit
	whenEntry   *widget.Entry
	repeat      *widget.Select
	repeatRules map[string]string // label -> rule
	customRule  *widget.Entry
	queueButton *widget.Button
	problems    *fyne.Container
	zone        string
}

func (c *composeScreen) buildPostEditor() fyne.CanvasObject {
	tr := c.w.tr
	e := &c.post
	e.variants = map[app.Target]*variantRow{}

	e.status = widget.NewSelect(nil, nil)
	e.status.Options = []string{}
	for _, s := range []app.Status{app.StatusIdea, app.StatusDraft, app.StatusReady, app.StatusScheduled} {
		e.status.Options = append(e.status.Options, tr.T("status."+string(s)))
	}
	e.status.OnChanged = func(label string) { c.statusChosen(label) }

	e.targets = newTargetPicker(func([]string) { c.targetsChanged() })
	e.options = c.targetOptions(nil)
	var labels []string
	for _, o := range e.options {
		labels = append(labels, o.label)
	}
	e.targets.SetOptions(labels)
	e.variantBox = container.NewVBox()

	e.mediaBox = container.NewHBox()
	e.addImage = widget.NewButtonWithIcon(tr.T("compose.image.add"), theme.FileImageIcon(), c.chooseImage)
	if c.w.deps.Media == nil {
		e.addImage.Disable()
	}

	e.campaign = widget.NewEntry()
	e.campaign.SetPlaceHolder(tr.T("compose.campaign.placeholder"))
	e.notes = widget.NewMultiLineEntry()
	e.notes.Wrapping = fyne.TextWrapWord
	e.notes.SetMinRowsVisible(3)
	e.notes.SetPlaceHolder(tr.T("compose.notes.placeholder"))
	e.utm = widget.NewCheck(tr.T("compose.utm"), func(bool) { c.edited() })
	e.campaign.OnChanged = func(string) { c.edited() }
	e.notes.OnChanged = func(string) { c.edited() }
	e.language = newChoiceSelect(
		[]string{tr.T("compose.language.auto"), tr.T("settings.language.fr"), tr.T("settings.language.en")},
		[]string{"", "fr", "en"}, c.edited)
	e.warning = widget.NewEntry()
	e.warning.SetPlaceHolder(tr.T("compose.warning.placeholder"))
	e.warning.OnChanged = func(string) { c.edited() }
	e.visibility = newChoiceSelect(
		[]string{tr.T("compose.visibility.public"), tr.T("compose.visibility.unlisted"),
			tr.T("compose.visibility.followers"), tr.T("compose.visibility.direct")},
		[]string{"", string(app.VisibilityUnlisted), string(app.VisibilityFollowers), string(app.VisibilityDirect)}, c.edited)
	e.fit = newChoiceSelect(
		[]string{tr.T("compose.fit.none"), tr.T("compose.fit.crop"), tr.T("compose.fit.pad")},
		[]string{string(app.FitNone), string(app.FitCrop), string(app.FitPad)}, func() {
			c.showMedia() // the previews follow the choice
			c.edited()
		})

	e.whenEntry = widget.NewEntry()
	e.whenEntry.SetPlaceHolder(tr.T("compose.when.placeholder"))
	e.whenEntry.OnChanged = func(string) { c.whenTyped() }
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { e.whenEntry.SetText("") })
	e.repeat = widget.NewSelect(nil, func(string) { c.repeatChosen() })
	e.customRule = widget.NewEntry()
	e.customRule.SetPlaceHolder("FREQ=MONTHLY;BYDAY=1MO")
	e.customRule.OnChanged = func(string) { c.edited() }
	e.customRule.Hide()
	e.queueButton = widget.NewButtonWithIcon(tr.T("compose.queue.add"), theme.MailSendIcon(), c.chooseQueue)
	e.problems = container.NewVBox()

	label := func(key string) fyne.CanvasObject {
		l := widget.NewLabel(tr.T(key))
		l.Importance = widget.LowImportance
		return l
	}
	planning := container.New(layout.NewFormLayout(),
		label("compose.when"), container.NewBorder(nil, nil, nil, clear, e.whenEntry),
		label("compose.repeat"), container.NewVBox(e.repeat, e.customRule),
		label("compose.queue"), container.NewHBox(e.queueButton),
	)
	details := container.New(layout.NewFormLayout(),
		label("compose.campaign"), e.campaign,
		label("compose.tags"), c.tags,
		label("compose.notes"), e.notes,
		layout.NewSpacer(), e.utm,
		label("compose.language"), e.language.sel,
		label("compose.warning"), e.warning,
		label("compose.visibility"), e.visibility.sel,
		label("compose.fit"), e.fit.sel,
	)
	images := container.NewBorder(nil, nil, nil, nil, container.NewHScroll(container.NewHBox(e.mediaBox, container.NewCenter(e.addImage))))
	return container.NewVBox(
		container.NewBorder(nil, nil, container.NewVBox(label("compose.targets")), nil, e.targets.box),
		e.variantBox,
		images,
		sectionTitle(tr.T("compose.section.planning")), planning,
		sectionTitle(tr.T("compose.section.details")), details,
		e.problems,
	)
}

func sectionTitle(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(widget.NewSeparator(), l)
}

// fillPost shows p's targets, variants, images and details.
func (c *composeScreen) fillPost(p app.Post) {
	e := &c.post
	if p.Status == "" {
		p.Status = app.StatusDraft // what Save makes of a new one
	}
	e.statusOf = p.Status
	c.showStatus(p.Status)
	var targets []app.Target
	for _, v := range p.Variants {
		targets = append(targets, v.Target)
	}
	c.setTargetOptions(c.targetOptions(targets), targets)
	for _, row := range e.variants {
		row.custom.SetText("")
		row.custom.Hide()
	}
	for _, v := range p.Variants {
		c.variantRow(v.Target).custom.SetText(v.Text)
	}
	c.layoutVariants()
	e.media = slices.Clone(p.Media)
	e.fit.set(string(p.ImageFit))
	c.showMedia()
	e.campaign.SetText(p.Campaign)
	e.notes.SetText(p.Notes)
	e.utm.SetChecked(p.UTM)
	e.language.set(p.Language)
	e.warning.SetText(p.Warning)
	visibility := p.Visibility
	if visibility == app.VisibilityPublic {
		visibility = "" // how the editor says public
	}
	e.visibility.set(string(visibility))
	e.zone = p.Zone
	if p.PlannedAt.IsZero() {
		e.whenEntry.SetText("")
	} else {
		e.whenEntry.SetText(p.PlannedAt.In(c.zone()).Format(whenLayout))
	}
	c.fillRepeat(p.Recurrence)
}

func (c *composeScreen) zone() *time.Location {
	if c.w.deps.Calendar != nil {
		return c.w.deps.Calendar.Zone()
	}
	return time.Local
}

// whenLayout is how the editor shows and reads a planned time.
const whenLayout = "2006-01-02 15:04"

func (c *composeScreen) showStatus(s app.Status) {
	e := &c.post
	label := c.w.tr.T("status." + string(s))
	if !slices.Contains(e.status.Options, label) {
		e.status.Options = append(e.status.Options[:4:4], label)
	}
	wasFilling := c.filling
	c.filling = true
	e.status.SetSelected(label)
	c.filling = wasFilling
}

// statusChosen moves the post along the workflow; scheduling may be
// refused, with the reasons.
func (c *composeScreen) statusChosen(label string) {
	if c.filling {
		return
	}
	var status app.Status
	for _, s := range app.Statuses {
		if c.w.tr.T("status."+string(s)) == label {
			status = s
		}
	}
	if status == "" || status == c.post.statusOf {
		return
	}
	c.saver.Flush()
	c.changeStatus(func(ctx context.Context, drafts *app.Drafts, id app.ID) (app.Post, error) {
		return drafts.SetStatus(ctx, id, status)
	})
}

// changeStatus runs change on the writer for the post being edited, then
// shows the status it gave, or says why it was refused.
func (c *composeScreen) changeStatus(change func(ctx context.Context, drafts *app.Drafts, id app.ID) (app.Post, error)) {
	id, drafts := c.current, c.w.deps.Drafts
	c.w.write.Do(func(ctx context.Context) {
		p, err := change(ctx, drafts, id)
		c.w.do(func() {
			if c.current != id {
				return
			}
			if err != nil {
				c.showStatus(c.post.statusOf)
				c.showNotReady(err)
				return
			}
			c.post.statusOf = p.Status
			c.stored = true
			c.showStatus(p.Status)
			c.setStatus(c.w.tr.T("compose.status_set", "status", c.w.tr.T("status."+string(p.Status))), false)
		})
	})
}

// showNotReady says why a post cannot be scheduled, or any other error.
func (c *composeScreen) showNotReady(err error) {
	var nr *app.NotReadyError
	if !errors.As(err, &nr) {
		c.w.showError(err)
		return
	}
	lines := []string{}
	for _, p := range nr.Problems {
		lines = append(lines, "• "+problemText(c.w, p))
	}
	msg := widget.NewLabel(strings.Join(lines, "\n"))
	msg.Wrapping = fyne.TextWrapWord
	body := container.NewGridWrap(fyne.NewSize(420, msg.MinSize().Height+8), msg)
	// What only the proofreader or a publishing limit found may be
	// overridden.
	onlyProof := !slices.ContainsFunc(nr.Problems, func(p app.Problem) bool {
		return p.Kind != app.ProblemProofread && p.Kind != app.ProblemPublishingLimit
	})
	if !onlyProof {
		dialog.NewCustom(c.w.tr.T("compose.not_ready"), c.w.tr.T("action.ok"), body, c.w.win).Show()
		return
	}
	// What only the proofreader found: the user may know better (a name,
	// a word of the trade) and schedule the post anyway.
	id := c.current
	dialog.NewCustomConfirm(c.w.tr.T("compose.not_ready"), c.w.tr.T("compose.schedule_anyway"), c.w.tr.T("compose.fix_first"), body, func(anyway bool) {
		if anyway && c.current == id {
			c.scheduleDespite(slices.ContainsFunc(nr.Problems, func(p app.Problem) bool { return p.Kind == app.ProblemProofread }),
				slices.ContainsFunc(nr.Problems, func(p app.Problem) bool { return p.Kind == app.ProblemPublishingLimit }))
		}
	}, c.w.win).Show()
}

// scheduleDespite records that the user chose to ignore the
// proofreader's errors, a full publishing limit, or both, for this post,
// then schedules it.
func (c *composeScreen) scheduleDespite(proof, limit bool) {
	c.changeStatus(func(ctx context.Context, drafts *app.Drafts, id app.ID) (app.Post, error) {
		if proof {
			if _, err := drafts.SetIgnoreProof(ctx, id, true); err != nil {
				return app.Post{}, err
			}
		}
		if limit {
			if _, err := drafts.SetIgnoreLimit(ctx, id, true); err != nil {
				return app.Post{}, err
			}
		}
		return drafts.SetStatus(ctx, id, app.StatusScheduled)
	})
}

// problemText says a problem in the user's language.
func problemText(w *Window, p app.Problem) string {
	tr := w.tr
	vars := []string{"got", tr.Number(int(p.Got)), "max", tr.Number(int(p.Max)), "image", tr.Number(p.Image + 1)}
	switch p.Kind {
	case app.ProblemImageTooBig:
		vars = append(vars[:0], "got", megabytes(tr.Language(), p.Got), "max", megabytes(tr.Language(), p.Max), "image", tr.Number(p.Image+1))
	case app.ProblemPublishingLimit:
		// The window is near the post's time: its dates go without the year.
		from, to := p.From.Local(), p.To.Local()
		vars = append(vars, "hours", strconv.Itoa(int(p.To.Sub(p.From).Hours())),
			"from", tr.Date(from, from)+" "+from.Format("15:04"), "to", tr.Date(to, from)+" "+to.Format("15:04"))
	}
	var text string
	if p.Kind == app.ProblemProofread {
		text = tr.Finding(p.Finding)
	} else {
		text = tr.T("problem."+string(p.Kind), vars...)
	}
	if p.Target != (app.Target{}) {
		text = tr.T("problem.on", "network", w.targetName(p.Target), "problem", text)
	}
	return text
}

func megabytes(lang app.Language, n int64) string {
	s := fmt.Sprintf("%.1f MB", float64(n)/1e6)
	if lang == app.LanguageFrench {
		s = strings.Replace(strings.Replace(s, ".", ",", 1), "MB", "Mo", 1)
	}
	return s
}

func (c *composeScreen) variantRow(t app.Target) *variantRow {
	if row, ok := c.post.variants[t]; ok {
		return row
	}
	tr := c.w.tr
	n := t.Network
	row := &variantRow{target: t}
	row.length = widget.NewLabel("")
	row.custom = widget.NewMultiLineEntry()
	row.custom.Wrapping = fyne.TextWrapWord
	row.custom.SetMinRowsVisible(3)
	row.custom.SetPlaceHolder(tr.T("compose.variant.placeholder", "network", c.optionLabel(t)))
	row.custom.OnChanged = func(string) { c.edited() }
	row.custom.Hide()
	row.toggle = widget.NewButton("", func() {
		if row.custom.Visible() {
			row.custom.SetText("")
			row.custom.Hide()
		} else {
			row.custom.SetText(c.text.Text)
			row.custom.Show()
		}
		c.layoutVariants()
		c.edited()
	})
	row.toggle.Importance = widget.LowImportance
	row.name = widget.NewLabelWithStyle(c.optionLabel(t), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewBorder(nil, nil, container.NewHBox(dot(networkColor(n), 16), row.name), row.toggle, row.length)
	row.box = container.NewVBox(head, row.custom)
	c.post.variants[t] = row
	return row
}

// targetOptions lists where a post can go, network by network: each
// account that posts (a feed does not), or the network kind alone when
// it has no account; then extra, the targets of the post that are
// neither (a network kind planned before its account was connected, an
// account disconnected since), so that existing posts keep working.
func (c *composeScreen) targetOptions(extra []app.Target) []targetOption {
	var out []targetOption
	offered := func(t app.Target) bool {
		return slices.ContainsFunc(out, func(o targetOption) bool { return o.target == t })
	}
	for _, n := range app.Networks {
		hasAccount := false
		for _, a := range c.w.accountList {
			if a.Network == n {
				out = append(out, targetOption{target: a.Target(), label: a.Name()})
				hasAccount = true
			}
		}
		if !hasAccount {
			out = append(out, targetOption{target: app.Target{Network: n}, label: n.Name()})
		}
		for _, t := range extra {
			if t.Network == n && !offered(t) {
				out = append(out, targetOption{target: t, label: c.w.targetName(t)})
			}
		}
	}
	// The picker tells its choices apart by their labels: two accounts
	// of the same name say their network, then a number.
	count := map[string]int{}
	for _, o := range out {
		count[o.label]++
	}
	seen := map[string]int{}
	for i := range out {
		if count[out[i].label] > 1 {
			out[i].label += " (" + out[i].target.Network.Name() + ")"
		}
		if seen[out[i].label]++; seen[out[i].label] > 1 {
			out[i].label += fmt.Sprintf(" %d", seen[out[i].label])
		}
	}
	return out
}

// setTargetOptions offers opts in the picker, with selected ticked; it
// changes nothing in the post.
func (c *composeScreen) setTargetOptions(opts []targetOption, selected []app.Target) {
	e := &c.post
	e.options = opts
	var labels, ticked []string
	for _, o := range opts {
		labels = append(labels, o.label)
		if slices.Contains(selected, o.target) {
			ticked = append(ticked, o.label)
		}
	}
	e.targets.SetOptions(labels)
	wasFilling := c.filling
	c.filling = true
	e.targets.SetSelected(ticked)
	c.filling = wasFilling
	for t, row := range e.variants {
		row.name.SetText(c.optionLabel(t))
	}
}

// accountsChanged offers the accounts as last read, keeping what is
// ticked.
func (c *composeScreen) accountsChanged() {
	selected := c.selectedTargets()
	c.setTargetOptions(c.targetOptions(selected), selected)
	c.showOutbox()
	c.updateCount() // the limits are the accounts' own
}

// optionLabel is what the picker calls a target.
func (c *composeScreen) optionLabel(t app.Target) string {
	for _, o := range c.post.options {
		if o.target == t {
			return o.label
		}
	}
	return c.w.targetName(t)
}

// selectedTargets are the targets ticked, in the picker's order.
func (c *composeScreen) selectedTargets() []app.Target {
	var out []app.Target
	for _, o := range c.post.options {
		if slices.Contains(c.post.targets.Selected, o.label) {
			out = append(out, o.target)
		}
	}
	return out
}

func (c *composeScreen) targetsChanged() {
	c.layoutVariants()
	c.edited()
}

// layoutVariants shows a row per ticked network, its own text open when
// the user wrote one.
func (c *composeScreen) layoutVariants() {
	tr := c.w.tr
	c.post.variantBox.RemoveAll()
	for _, t := range c.selectedTargets() {
		row := c.variantRow(t)
		if row.custom.Text != "" {
			row.custom.Show()
		}
		if row.custom.Visible() {
			row.toggle.SetText(tr.T("compose.variant.reset"))
		} else {
			row.toggle.SetText(tr.T("compose.variant.edit"))
		}
		c.post.variantBox.Add(row.box)
	}
	c.updateCount()
}

// The size in pixels of an image's thumbnail: twice its 150×96 points.
const thumbWidth, thumbHeight = 300, 192

// showMedia draws a thumbnail, an alt text field and a remove button per
// image.
func (c *composeScreen) showMedia() {
	tr := c.w.tr
	e := &c.post
	e.mediaBox.RemoveAll()
	lo, hi := app.Instagram.AspectRange()
	fit := app.ImageFit(e.fit.code())
	for i, m := range e.media {
		// An image whose shape Instagram does not take shows as it will
		// go there, cropped or padded, when the user chose so.
		fitted := fit != app.FitNone && !app.RatioFits(m.Width, m.Height, lo, hi)
		var img fyne.CanvasObject
		if c.w.deps.Media != nil {
			// A thumbnail made in the background: the image itself may
			// have 36 million pixels.
			pic := canvas.NewImageFromImage(nil)
			pic.FillMode = canvas.ImageFillContain
			pic.ScaleMode = canvas.ImageScaleFastest
			pic.SetMinSize(fyne.NewSize(150, 96))
			path := c.w.deps.Media.MediaPath(m.Hash)
			c.w.bg.Go(func() {
				small, err := thumb.Of(path, thumbWidth, thumbHeight)
				if err != nil {
					return // the card keeps its alt text and remove button
				}
				if fitted {
					if preview, err := imagefit.Fit(small, fit, lo, hi); err == nil {
						small = preview
					}
				}
				c.w.do(func() {
					pic.Image = small
					pic.Refresh()
				})
			})
			img = pic
		} else {
			img = widget.NewLabel(m.Name)
		}
		alt := widget.NewEntry()
		alt.SetPlaceHolder(tr.T("compose.image.alt"))
		alt.SetText(m.Alt)
		warn := widget.NewLabel(tr.T("compose.image.no_alt"))
		warn.Importance = widget.WarningImportance
		warn.SizeName = theme.SizeNameCaptionText
		if m.HasAlt() {
			warn.Hide()
		}
		alt.OnChanged = func(s string) {
			if i < len(e.media) {
				e.media[i].Alt = s
			}
			if strings.TrimSpace(s) == "" {
				warn.Show()
			} else {
				warn.Hide()
			}
			c.edited()
		}
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			if i < len(e.media) {
				e.media = slices.Delete(e.media, i, i+1)
				c.showMedia()
				c.edited()
			}
		})
		remove.Importance = widget.LowImportance
		card := container.NewVBox(container.NewStack(img, container.NewVBox(container.NewHBox(layout.NewSpacer(), remove))),
			container.NewGridWrap(fyne.NewSize(150, alt.MinSize().Height), alt), warn)
		if fitted {
			note := widget.NewLabel(tr.T("compose.fit.preview." + string(fit)))
			note.SizeName = theme.SizeNameCaptionText
			card.Add(note)
		}
		e.mediaBox.Add(card)
	}
	e.mediaBox.Refresh()
}

// chooseImage opens a file dialog and copies the chosen image into the
// data directory, in the background.
func (c *composeScreen) chooseImage() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			c.w.showError(err)
			return
		}
		if r == nil {
			return
		}
		c.attach(r, r.URI().Name())
	}, c.w.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".PNG", ".JPG", ".JPEG", ".GIF", ".WEBP"}))
	d.Show()
}

// attach copies an image into the store and adds it to the post.
func (c *composeScreen) attach(r io.ReadCloser, name string) {
	id := c.current
	c.setStatus(c.w.tr.T("compose.image.copying", "name", name), false)
	c.w.bg.Go(func() {
		defer r.Close()
		m, err := c.w.deps.Media.AddMedia(context.Background(), r, name)
		c.w.do(func() {
			if c.current != id {
				return
			}
			if err != nil {
				c.setStatus(c.w.tr.Error(err), true)
				return
			}
			c.post.media = append(c.post.media, m)
			c.showMedia()
			c.edited()
		})
	})
}

// whenTyped reads the planned time as the user types it; the field turns
// red while it is not a time. A date outside the years Relais keeps is
// said in the status line and not taken.
func (c *composeScreen) whenTyped() {
	if c.filling {
		return
	}
	text := strings.TrimSpace(c.post.whenEntry.Text)
	if text == "" {
		if !c.planned.IsZero() {
			c.unplan()
		}
		return
	}
	at, err := time.ParseInLocation(whenLayout, text, c.zone())
	if err != nil {
		return // not a time yet: the user is typing
	}
	if err := app.CheckPlanned(at); err != nil {
		// Not taken, so that the text goes on being saved.
		c.setStatus(c.w.tr.Error(err), true)
		return
	}
	c.post.zone = zoneName(c.zone())
	c.planned = at.UTC()
	c.showPlanned()
	c.fillRepeat(c.currentRule())
	c.edited()
}

// zoneName is the IANA name of loc, or "" when it has none (Local).
func zoneName(loc *time.Location) string {
	if name := loc.String(); name != "Local" {
		return name
	}
	return ""
}

// unplan takes the post off the calendar.
func (c *composeScreen) unplan() {
	c.saver.Flush()
	id := c.current
	c.planned = time.Time{}
	c.showPlanned()
	if !c.stored {
		return
	}
	c.w.write.Do(func(ctx context.Context) {
		p, err := c.w.deps.Drafts.Plan(ctx, id, time.Time{})
		c.w.do(func() {
			if err != nil {
				c.w.showError(err)
				return
			}
			if c.current == id {
				c.post.statusOf = p.Status
				c.showStatus(p.Status)
			}
		})
	})
}

// fillRepeat offers the repetitions that make sense for the planned day,
// and selects rule.
func (c *composeScreen) fillRepeat(rule string) {
	tr := c.w.tr
	e := &c.post
	day := c.planned
	if day.IsZero() {
		day = c.w.deps.Clock.Now()
	}
	day = day.In(c.zone())
	weekday := tr.T("weekday.long." + fmt.Sprint((int(day.Weekday())+6)%7+1))
	nth := (day.Day()-1)/7 + 1
	code := strings.ToUpper(day.Weekday().String()[:2])
	options := []struct{ label, rule string }{
		{tr.T("repeat.never"), ""},
		{tr.T("repeat.daily"), "FREQ=DAILY"},
		{tr.T("repeat.weekly", "weekday", weekday), "FREQ=WEEKLY"},
		{tr.T("repeat.biweekly", "weekday", weekday), "FREQ=WEEKLY;INTERVAL=2"},
		{tr.T("repeat.monthly_nth."+fmt.Sprint(min(nth, 5)), "weekday", weekday), fmt.Sprintf("FREQ=MONTHLY;BYDAY=+%d%s", nth, code)},
		{tr.T("repeat.monthly_day", "day", fmt.Sprint(day.Day())), fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", day.Day())},
		{tr.T("repeat.yearly"), "FREQ=YEARLY"},
		{tr.T("repeat.custom"), "custom"},
	}
	e.repeatRules = map[string]string{}
	e.repeat.Options = nil
	selected := ""
	for _, o := range options {
		e.repeat.Options = append(e.repeat.Options, o.label)
		e.repeatRules[o.label] = o.rule
		if canonical, err := app.ParseRecurrence(o.rule); err == nil && canonical == rule && o.rule != "custom" {
			selected = o.label
		}
	}
	wasFilling := c.filling
	c.filling = true
	if selected == "" {
		selected = tr.T("repeat.custom")
		e.customRule.SetText(rule)
		e.customRule.Show()
	} else {
		e.customRule.Hide()
	}
	e.repeat.SetSelected(selected)
	c.filling = wasFilling
	e.repeat.Refresh()
}

func (c *composeScreen) repeatChosen() {
	if c.filling {
		return
	}
	if c.post.repeatRules[c.post.repeat.Selected] == "custom" {
		c.post.customRule.Show()
	} else {
		c.post.customRule.Hide()
	}
	c.edited()
}

// currentRule is the repetition the editor shows.
func (c *composeScreen) currentRule() string {
	rule := c.post.repeatRules[c.post.repeat.Selected]
	if rule == "custom" {
		return strings.TrimSpace(c.post.customRule.Text)
	}
	return rule
}

// chooseQueue offers the queues of the ticked targets' networks. Queues
// go by network; a post to an account of that network takes a slot of
// its network's queue without a second target (Calendar.AddToQueue).
func (c *composeScreen) chooseQueue() {
	tr := c.w.tr
	selected := c.selectedTargets()
	var networks []app.Network
	for _, t := range selected {
		if !slices.Contains(networks, t.Network) {
			networks = append(networks, t.Network)
		}
	}
	if len(networks) == 0 {
		networks = app.Networks
	}
	var items []*fyne.MenuItem
	for _, n := range networks {
		items = append(items, fyne.NewMenuItem(tr.T("compose.queue.of", "network", n.Name()), func() { c.addToQueue(app.Target{Network: n}) }))
	}
	menu := widget.NewPopUpMenu(fyne.NewMenu("", items...), c.w.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.post.queueButton)
	menu.ShowAtPosition(pos.AddXY(0, c.post.queueButton.Size().Height))
}

// addToQueue plans the post in the next free slot of a target's queue.
func (c *composeScreen) addToQueue(t app.Target) {
	if c.w.deps.Calendar == nil {
		return
	}
	c.saver.Flush()
	id := c.current
	snapshot := c.snapshot()
	stored := c.stored
	c.w.write.Do(func(ctx context.Context) {
		if !stored {
			// A draft not typed in yet is stored first, so there is
			// something to queue.
			if _, err := c.w.deps.Drafts.Save(ctx, snapshot); err != nil {
				c.w.do(func() { c.w.showError(err) })
				return
			}
		}
		p, err := c.w.deps.Calendar.AddToQueue(ctx, id, t)
		c.w.do(func() {
			if err != nil {
				if errors.Is(err, app.ErrQueueFull) {
					c.setStatus(c.w.tr.T("compose.queue.empty", "network", t.Network.Name()), true)
					return
				}
				c.w.showError(err)
				return
			}
			if c.current != id {
				return
			}
			c.fill(p, true)
			local := p.PlannedAt.In(c.zone())
			c.setStatus(c.w.tr.T("compose.queued", "date", c.w.tr.Date(local, c.w.deps.Clock.Now()), "time", local.Format("15:04")), false)
		})
	})
}

// updateProblems lists what keeps the post from going out.
func (c *composeScreen) updateProblems(p app.Post) {
	box := c.post.problems
	box.RemoveAll()
	for _, pr := range app.CheckWith(p, c.w.limits) {
		if pr.Kind == app.ProblemNotPlanned || pr.Kind == app.ProblemNoTarget {
			continue // the editor shows those fields plainly
		}
		l := widget.NewLabel(problemText(c.w, pr))
		l.Wrapping = fyne.TextWrapWord
		if pr.Blocking() {
			l.Importance = widget.DangerImportance
		} else {
			l.Importance = widget.WarningImportance
		}
		box.Add(l)
	}
	box.Refresh()
}

// choiceSelect is a Select whose options stand for codes (a language, a
// visibility). A stored code it does not know is offered as is, after
// the others, so that opening and saving a post keeps it.
type choiceSelect struct {
	sel   *widget.Select
	codes []string
	known int // how many options are the fixed ones
}

// newChoiceSelect offers labels, each standing for the code at the same
// place, and calls changed when the user picks one; the first is chosen.
func newChoiceSelect(labels, codes []string, changed func()) *choiceSelect {
	s := &choiceSelect{sel: widget.NewSelect(slices.Clone(labels), nil), codes: slices.Clone(codes), known: len(codes)}
	s.sel.SetSelectedIndex(0)
	s.sel.OnChanged = func(string) { changed() }
	return s
}

// set shows code, adding it to the options when it is not a known one.
func (s *choiceSelect) set(code string) {
	s.codes = s.codes[:s.known]
	options := slices.Clone(s.sel.Options[:s.known])
	i := slices.Index(s.codes, code)
	if i < 0 {
		s.codes = append(s.codes, code)
		options = append(options, code)
		i = len(options) - 1
	}
	s.sel.SetOptions(options)
	s.sel.SetSelectedIndex(i)
}

// code is the code of the option shown; "" when none is.
func (s *choiceSelect) code() string {
	if i := s.sel.SelectedIndex(); i >= 0 && i < len(s.codes) {
		return s.codes[i]
	}
	return ""
}

// targetPicker ticks where a post goes. It is a CheckGroup that wraps:
// one check per target, in rows as wide as the editor, so that long
// account names never make the window wider than the screen.
type targetPicker struct {
	Options   []string
	Selected  []string
	OnChanged func([]string)

	box    *fyne.Container
	checks []*widget.Check
	quiet  bool // the checks are being set from Selected
}

func newTargetPicker(changed func([]string)) *targetPicker {
	p := &targetPicker{OnChanged: changed, box: container.NewGridWrap(fyne.NewSize(1, 1))}
	return p
}

// SetOptions offers options, keeping those ticked that are still there.
func (p *targetPicker) SetOptions(options []string) {
	p.Options = options
	p.box.RemoveAll()
	p.checks = nil
	cell := fyne.NewSize(0, 0)
	for _, o := range options {
		check := widget.NewCheck(o, func(on bool) { p.toggled(o, on) })
		p.checks = append(p.checks, check)
		p.box.Add(check)
		cell = cell.Max(check.MinSize())
	}
	p.box.Layout = layout.NewGridWrapLayout(cell.AddWidthHeight(theme.Padding(), 0))
	p.showSelected()
	p.box.Refresh()
}

// SetSelected ticks options, and tells OnChanged.
func (p *targetPicker) SetSelected(selected []string) {
	p.Selected = selected
	p.showSelected()
	if p.OnChanged != nil {
		p.OnChanged(selected)
	}
}

func (p *targetPicker) showSelected() {
	p.quiet = true
	for i, check := range p.checks {
		check.SetChecked(slices.Contains(p.Selected, p.Options[i]))
	}
	p.quiet = false
}

// toggled follows a tap on a check.
func (p *targetPicker) toggled(option string, on bool) {
	if p.quiet {
		return
	}
	var selected []string
	for _, o := range p.Options {
		if o == option && on || o != option && slices.Contains(p.Selected, o) {
			selected = append(selected, o)
		}
	}
	p.Selected = selected
	if p.OnChanged != nil {
		p.OnChanged(selected)
	}
}
