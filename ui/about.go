package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/ui/appinfo"
)

// aboutBox is the About box: Relais's version and licence, its links,
// and what it ships inside the binary (dictionaries, fonts, icon, Go
// modules), each with its licence's text.
type aboutBox struct {
	w       *Window
	dialog  dialog.Dialog
	content fyne.CanvasObject
	parts   []appinfo.Part
	list    *widget.List
	// licence is the dialog of the licence text last opened; lines, its
	// text as shown, line by line.
	licence dialog.Dialog
	lines   []string
}

// showAbout opens the About box.
func (w *Window) showAbout() {
	a := newAboutBox(w)
	a.dialog = dialog.NewCustom(w.tr.T("about.title"), w.tr.T("action.close"), a.content, w.win)
	a.dialog.Resize(fyne.NewSize(760, 600))
	w.about = a
	a.dialog.Show()
}

func newAboutBox(w *Window) *aboutBox {
	tr := w.tr
	info := w.deps.Info
	a := &aboutBox{w: w, parts: appinfo.Parts(info.Website)}
	name := widget.NewLabelWithStyle(info.String(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	platform := widget.NewLabel(appinfo.Platform())
	platform.Importance = widget.LowImportance
	tagline := widget.NewLabel(tr.T("app.tagline"))
	licence := widget.NewLabel(tr.T("about.licence", "licence", appinfo.Licence))
	licence.Wrapping = fyne.TextWrapWord
	links := container.NewHBox()
	if info.Website != "" {
		site := widget.NewHyperlink(tr.T("about.website"), nil)
		site.OnTapped = func() { w.openURL(info.Website) }
		links.Add(site)
	}
	gpl := widget.NewHyperlink(tr.T("about.read_licence"), nil)
	gpl.OnTapped = func() { a.showLicence(a.parts[0]) }
	links.Add(gpl)
	// The licences' column is as wide as the longest.
	longest := ""
	for _, p := range a.parts {
		if len(p.Licence) > len(longest) {
			longest = p.Licence
		}
	}
	ships := widget.NewLabelWithStyle(tr.T("about.ships"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewVBox(name, platform, tagline, licence, links, widget.NewSeparator(), ships)
	a.list = widget.NewList(
		func() int { return len(a.parts) },
		func() fyne.CanvasObject {
			kind := widget.NewLabel("Dictionary")
			kind.Importance = widget.LowImportance
			what := widget.NewLabel("Name of the part")
			what.Truncation = fyne.TextTruncateEllipsis
			view := widget.NewButton(tr.T("about.view"), nil)
			return container.NewBorder(nil, nil, kind, container.NewHBox(widget.NewLabel(longest), view), what)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			p := a.parts[id]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(p.Name)
			row.Objects[1].(*widget.Label).SetText(tr.T("about.kind." + p.Kind))
			right := row.Objects[2].(*fyne.Container)
			right.Objects[0].(*widget.Label).SetText(p.Licence)
			right.Objects[1].(*widget.Button).OnTapped = func() { a.showLicence(p) }
		},
	)
	a.content = container.NewBorder(header, nil, nil, nil, a.list)
	return a
}

// showLicence shows a part's licence text, with where the part comes
// from.
func (a *aboutBox) showLicence(p appinfo.Part) {
	tr := a.w.tr
	// A list makes only the lines in view, so that the GPL's 35 kB open
	// at once: a label wrapping it took half a second and more, a text
	// grid as long (it makes every character of every line).
	lines := strings.Split(wrapLines(string(p.Text), licenceColumns), "\n")
	text := widget.NewList(
		func() int { return len(lines) },
		func() fyne.CanvasObject {
			line := canvas.NewText(strings.Repeat("m", licenceColumns), theme.Color(theme.ColorNameForeground))
			line.TextSize = theme.TextSize()
			return line
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			line := o.(*canvas.Text)
			line.Text = lines[id]
			line.Color = theme.Color(theme.ColorNameForeground)
			line.Refresh()
		},
	)
	text.HideSeparators = true
	a.lines = lines
	source := widget.NewHyperlink(p.URL, nil)
	source.OnTapped = func() { a.w.openURL(p.URL) }
	head := container.NewVBox(widget.NewLabel(tr.T("about.licence_of", "name", p.Name, "licence", p.Licence)), source)
	a.licence = dialog.NewCustom(fmt.Sprintf("%s — %s", p.Name, p.Licence), tr.T("action.close"),
		container.NewBorder(head, nil, nil, nil, text), a.w.win)
	a.licence.Resize(fyne.NewSize(780, 640))
	a.licence.Show()
}

// licenceColumns is the width licence texts are wrapped at.
const licenceColumns = 80

// wrapLines breaks the lines of text longer than width runes at spaces
// (or, without one, at width), keeping the lines that fit as they are.
func wrapLines(text string, width int) string {
	var b strings.Builder
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		r := []rune(strings.ReplaceAll(line, "\t", "    "))
		for len(r) > width {
			cut := width
			for j := width; j > 0; j-- {
				if r[j] == ' ' {
					cut = j
					break
				}
			}
			b.WriteString(strings.TrimRight(string(r[:cut]), " "))
			b.WriteByte('\n')
			r = r[cut:]
			for len(r) > 0 && r[0] == ' ' {
				r = r[1:]
			}
		}
		b.WriteString(string(r))
	}
	return b.String()
}

// MetadataAgrees reports, as an error, where what Fyne was given when
// Relais was packaged (fyne package writes FyneApp.toml's details into the
// binary, and may be told another version) differs from FyneApp.toml as
// Relais embedded it. A Relais built with go build has no packaged
// details; Fyne then reads FyneApp.toml itself, or has none.
func MetadataAgrees(info appinfo.Info, m fyne.AppMetadata) error {
	if m.ID == "" && m.Name == "" {
		return nil // not packaged
	}
	if m.ID != info.ID || m.Version != info.Version || m.Build != info.Build {
		return fmt.Errorf("packaged as %s %s (build %d), but FyneApp.toml says %s %s (build %d)",
			m.ID, m.Version, m.Build, info.ID, info.Version, info.Build)
	}
	return nil
}
