package ui

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// proofDelay is how long after the last keystroke a text is checked.
const proofDelay = 300 * time.Millisecond

// maxFixButtons is how many fixes a finding offers as buttons.
const maxFixButtons = 3

// proofPanel lists what the proofreader finds in an entry's text, as the
// user types, each finding with its fixes (a click applies one) and, for
// a word the dictionary does not know, "Add to dictionary". Checks run
// off the UI goroutine; a newer keystroke cancels an older check, and a
// result for a text that has changed since is dropped.
type proofPanel struct {
	w       *Window
	text    func() string           // the text to check, read on the UI goroutine
	setText func(string)            // puts a fixed text in the entry
	options func() app.ProofOptions // where the text goes

	box     *fyne.Container // the text with its findings marked, then one row a finding
	marked  *widget.RichText
	wait    debounce
	mu      sync.Mutex
	cancel  context.CancelFunc // the check under way
	checked string             // the text last checked
	result  app.Proofread      // what was found in it
}

func newProofPanel(w *Window, text func() string, setText func(string), options func() app.ProofOptions) *proofPanel {
	p := &proofPanel{w: w, text: text, setText: setText, options: options, box: container.NewVBox(),
		marked: widget.NewRichText(), wait: debounce{delay: proofDelay}}
	p.marked.Wrapping = fyne.TextWrapWord
	p.box.Hide()
	return p
}

// changed checks the text again, a moment after the last keystroke.
func (p *proofPanel) changed() {
	if p.w.deps.Proofreader == nil {
		return
	}
	text, opt := p.text(), p.options()
	p.wait.trigger(p.w.bg, func() { p.check(text, opt) })
}

// check runs on the background, cancelling the check before it.
func (p *proofPanel) check(text string, opt app.ProofOptions) {
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.cancel = cancel
	p.mu.Unlock()
	defer cancel()
	// The findings show first; the fixes of typos not seen before (10 to
	// 30 ms a word) come with a second check right after.
	opt.KnownFixesOnly = true
	for {
		var res app.Proofread
		var err error
		if strings.TrimSpace(text) != "" {
			res, err = p.w.deps.Proofreader.Proofread(ctx, text, opt)
		}
		if ctx.Err() != nil {
			return // a newer check took over
		}
		p.w.do(func() {
			if p.text() != text {
				return // typed since: the newer check will say
			}
			if err != nil {
				p.showError(err)
				return
			}
			p.show(text, res)
		})
		if err != nil || !res.FixesPending || !opt.KnownFixesOnly {
			return
		}
		opt.KnownFixesOnly = false
	}
}

// show lists the findings of text.
func (p *proofPanel) show(text string, res app.Proofread) {
	p.checked, p.result = text, res
	p.box.RemoveAll()
	if len(res.Findings) > 0 {
		p.marked.Segments = markedText(text, res.Findings)
		p.marked.Refresh()
		p.box.Add(p.marked)
	}
	for _, f := range res.Findings {
		p.box.Add(p.row(f))
	}
	showIf(p.box, len(res.Findings) > 0)
}

func (p *proofPanel) showError(err error) {
	p.box.RemoveAll()
	l := widget.NewLabel(p.w.tr.T("proof.failed", "error", p.w.tr.Error(err)))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.WarningImportance
	p.box.Add(l)
	p.box.Show()
}

// row is one finding: its severity, what it is, where, and its fixes.
func (p *proofPanel) row(f app.Finding) fyne.CanvasObject {
	tr := p.w.tr
	icon := widget.NewIcon(theme.WarningIcon())
	importance := widget.WarningImportance
	if f.Blocking() {
		icon = widget.NewIcon(theme.ErrorIcon())
		importance = widget.DangerImportance
	}
	msg := widget.NewLabel(tr.Finding(f))
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = importance
	fixes := container.NewHBox()
	for i, fix := range f.Fixes {
		if i == maxFixButtons {
			break
		}
		fixes.Add(widget.NewButton(fixLabel(tr.T, f, fix), func() { p.apply(f, i) }))
	}
	if f.Kind == app.FindSpelling && p.w.deps.Proofreader != nil {
		add := widget.NewButtonWithIcon(tr.T("proof.add_word"), theme.ContentAddIcon(), func() { p.addWord(f.Text) })
		add.Importance = widget.LowImportance
		fixes.Add(add)
	}
	lines := container.NewVBox(msg)
	if len(fixes.Objects) > 0 {
		lines.Add(container.NewHScroll(fixes))
	}
	return container.NewBorder(nil, nil, container.NewVBox(icon), nil, lines)
}

// markedText is text with what the findings concern underlined, in red
// for an error and amber for a warning: the entry cannot colour its own
// words, so the text shows again, marked, above the findings.
func markedText(text string, findings []app.Finding) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	plain := func(s string) {
		if s != "" {
			segs = append(segs, &widget.TextSegment{Text: s, Style: widget.RichTextStyleInline})
		}
	}
	at := 0
	for _, f := range findings {
		if f.End <= f.Start || f.Start < at || f.End > len(text) {
			continue // the text as a whole, or overlapping one already marked
		}
		plain(text[at:f.Start])
		style := widget.RichTextStyleInline
		style.TextStyle = fyne.TextStyle{Underline: true, Bold: true}
		style.ColorName = theme.ColorNameWarning
		if f.Blocking() {
			style.ColorName = theme.ColorNameError
		}
		segs = append(segs, &widget.TextSegment{Text: text[f.Start:f.End], Style: style})
		at = f.End
	}
	plain(text[at:])
	return segs
}

// fixLabel is what a fix's button says: the replacement, with the
// spaces one cannot see named.
func fixLabel(t func(string, ...string) string, f app.Finding, fix string) string {
	switch {
	case fix == "":
		return t("proof.fix.remove", "text", strings.TrimSpace(f.Text))
	case strings.ContainsRune(fix, '\u202f') || strings.ContainsRune(fix, '\u00a0'):
		return t("proof.fix.nbsp", "text", strings.TrimSpace(strings.NewReplacer("\u202f", "", "\u00a0", "").Replace(fix)))
	}
	return fix
}

// apply puts the finding's fix in the text, when the text there is still
// what was checked; the text is checked again at once.
func (p *proofPanel) apply(f app.Finding, i int) {
	text := p.text()
	fixed, ok := f.Apply(text, i)
	if !ok {
		p.changed()
		return
	}
	// Later findings in the same text move by the fix's length: they are
	// shifted, and the others' rows stay until the next check.
	shift := len(f.Fixes[i]) - (f.End - f.Start)
	var kept []app.Finding
	for _, g := range p.result.Findings {
		switch {
		case g.End <= f.Start && !(g.Start == f.Start && g.End == f.End):
			kept = append(kept, g)
		case g.Start >= f.End:
			g.Start, g.End = g.Start+shift, g.End+shift
			kept = append(kept, g)
		}
	}
	p.setText(fixed)
	p.show(fixed, app.Proofread{Language: p.result.Language, Findings: kept})
	p.changed()
}

// addWord puts a word in the personal dictionary, for every check, and
// checks again.
func (p *proofPanel) addWord(word string) {
	settings, reader := p.w.deps.Settings, p.w.deps.Proofreader
	p.w.write.Do(func(ctx context.Context) {
		words, err := settings.AddPersonalWord(ctx, word)
		if err != nil {
			p.w.do(func() { p.w.showError(err) })
			return
		}
		reader.SetPersonal(words)
		p.w.do(p.changed)
	})
}
