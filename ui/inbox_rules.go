package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// This file holds the editors of the inbox's rules and saved replies,
// opened from Settings and from the inbox's menu. Each edits a copy of
// the list, saved as a whole with Save.

// rulesEditor lists the rules on the left and edits the one chosen on
// the right.
type rulesEditor struct {
	w       *Window
	rules   []app.Rule
	current int // index in rules, -1 for none
	filling bool

	list    *widget.List
	form    *fyne.Container
	name    *widget.Entry
	words   *widget.Entry
	authors *widget.Entry
	label   *widget.Entry
	enabled *widget.Check
	high    *widget.Check
	done    *widget.Check
	risk    *widget.Check
	del     *widget.Button
	up      *widget.Button
	down    *widget.Button
	save    *widget.Button
	problem *widget.Label
	dialog  *dialog.CustomDialog
}

// newNamedRow is a row of the rules' and the saved replies' lists: a
// name in bold over what it says, in small grey letters.
func newNamedRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	about := widget.NewLabel("")
	about.Truncation = fyne.TextTruncateEllipsis
	about.Importance = widget.LowImportance
	about.SizeName = theme.SizeNameCaptionText
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), name, about)
}

// setNamedRow shows a name and what it says in a row of newNamedRow.
func setNamedRow(o fyne.CanvasObject, name, about string) {
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(name)
	box.Objects[1].(*widget.Label).SetText(about)
}

// editRules reads the rules and opens their editor.
func (w *Window) editRules() {
	in := w.deps.Inbox
	if in == nil {
		return
	}
	w.bg.Go(func() {
		rules, err := in.Rules(context.Background())
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			w.rules = newRulesEditor(w, rules)
		})
	})
}

func newRulesEditor(w *Window, rules []app.Rule) *rulesEditor {
	tr := w.tr
	e := &rulesEditor{w: w, rules: slices.Clone(rules), current: -1}
	e.list = widget.NewList(
		func() int { return len(e.rules) },
		newNamedRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(e.rules) {
				return
			}
			setNamedRow(o, e.ruleName(e.rules[id]), e.summary(e.rules[id]))
		},
	)
	e.list.OnSelected = func(id widget.ListItemID) { e.choose(id) }

	e.name = widget.NewEntry()
	e.words = widget.NewMultiLineEntry()
	e.words.Wrapping = fyne.TextWrapWord
	e.words.SetMinRowsVisible(3)
	e.words.SetPlaceHolder(tr.T("rules.words.placeholder"))
	e.authors = widget.NewEntry()
	e.authors.SetPlaceHolder(tr.T("rules.authors.placeholder"))
	e.label = widget.NewEntry()
	e.label.SetPlaceHolder(tr.T("rules.label.placeholder"))
	for _, entry := range []*widget.Entry{e.name, e.words, e.authors, e.label} {
		entry.OnChanged = func(string) { e.edited() }
	}
	e.enabled = widget.NewCheck(tr.T("rules.enabled"), func(bool) { e.edited() })
	e.high = widget.NewCheck(tr.T("rules.priority"), func(bool) { e.edited() })
	e.done = widget.NewCheck(tr.T("rules.done"), func(bool) { e.edited() })
	e.risk = widget.NewCheck(tr.T("rules.risk"), func(bool) { e.edited() })
	hint := widget.NewLabel(tr.T("rules.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(tr.T("rules.name"), e.name),
		widget.NewFormItem(tr.T("rules.words"), e.words),
		widget.NewFormItem(tr.T("rules.authors"), e.authors),
		widget.NewFormItem(tr.T("rules.label"), e.label),
	)
	e.form = container.NewVBox(form, e.enabled, e.high, e.risk, e.done, hint)
	e.form.Hide()

	add := widget.NewButtonWithIcon(tr.T("rules.add"), theme.ContentAddIcon(), e.add)
	e.del = widget.NewButtonWithIcon(tr.T("rules.delete"), theme.DeleteIcon(), e.remove)
	e.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.moveBy(-1) })
	e.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.moveBy(1) })
	e.problem = widget.NewLabel("")
	e.problem.Wrapping = fyne.TextWrapWord
	e.problem.Importance = widget.DangerImportance
	e.problem.Hide()
	cancel := widget.NewButton(tr.T("action.cancel"), func() { e.dialog.Hide() })
	e.save = widget.NewButtonWithIcon(tr.T("action.save"), theme.ConfirmIcon(), e.saveAll)
	e.save.Importance = widget.HighImportance
	e.buttons()

	order := widget.NewLabel(tr.T("rules.order"))
	order.Wrapping = fyne.TextWrapWord
	order.Importance = widget.LowImportance
	left := container.NewBorder(order, container.NewHBox(add, e.del, e.up, e.down), nil, nil, e.list)
	split := container.NewHSplit(left, container.NewVScroll(e.form))
	split.Offset = 0.4
	bottom := container.NewVBox(e.problem, container.NewHBox(layout.NewSpacer(), cancel, e.save))
	e.dialog = dialog.NewCustomWithoutButtons(tr.T("rules.title"), container.NewBorder(nil, bottom, nil, nil, split), w.win)
	e.dialog.Resize(fyne.NewSize(860, 560))
	e.dialog.Show()
	if len(e.rules) > 0 {
		e.list.Select(0)
	}
	return e
}

// ruleName is a rule's name, or a word for a rule without one.
func (e *rulesEditor) ruleName(r app.Rule) string {
	name := strings.TrimSpace(r.Name)
	if name == "" {
		name = e.w.tr.T("rules.unnamed")
	}
	if !r.Enabled {
		name = e.w.tr.T("rules.off", "name", name)
	}
	return name
}

// summary says what a rule matches and does, on one line.
func (e *rulesEditor) summary(r app.Rule) string {
	tr := e.w.tr
	var parts []string
	if len(r.Words) > 0 {
		parts = append(parts, tr.N("rules.summary.words", len(r.Words)))
	}
	if len(r.Authors) > 0 {
		parts = append(parts, tr.N("rules.summary.authors", len(r.Authors)))
	}
	if r.Label != "" {
		parts = append(parts, "#"+r.Label)
	}
	if r.Risk {
		parts = append(parts, tr.T("rules.summary.risk"))
	}
	if r.Priority == app.PriorityHigh {
		parts = append(parts, tr.T("rules.summary.priority"))
	}
	if r.Done {
		parts = append(parts, tr.T("rules.summary.done"))
	}
	return strings.Join(parts, " · ")
}

// choose shows the rule at i in the form.
func (e *rulesEditor) choose(i int) {
	e.current = i
	if i < 0 || i >= len(e.rules) {
		e.current = -1
		e.form.Hide()
		e.buttons()
		return
	}
	r := e.rules[i]
	e.filling = true
	e.name.SetText(r.Name)
	e.words.SetText(strings.Join(r.Words, ", "))
	e.authors.SetText(strings.Join(r.Authors, ", "))
	e.label.SetText(r.Label)
	e.enabled.SetChecked(r.Enabled)
	e.high.SetChecked(r.Priority == app.PriorityHigh)
	e.done.SetChecked(r.Done)
	e.risk.SetChecked(r.Risk)
	e.filling = false
	e.form.Show()
	e.buttons()
}

// edited puts what the form shows into the rule chosen.
func (e *rulesEditor) edited() {
	if e.filling || e.current < 0 {
		return
	}
	r := &e.rules[e.current]
	r.Name = e.name.Text
	r.Words = splitList(e.words.Text)
	r.Authors = splitList(e.authors.Text)
	r.Label = strings.TrimPrefix(strings.TrimSpace(e.label.Text), "#")
	r.Enabled = e.enabled.Checked
	r.Priority = app.PriorityNormal
	if e.high.Checked {
		r.Priority = app.PriorityHigh
	}
	r.Done = e.done.Checked
	r.Risk = e.risk.Checked
	e.list.RefreshItem(e.current)
}

// splitList reads words separated by commas (or new lines).
func splitList(text string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
			out = append(out, part)
		}
	}
	return out
}

func (e *rulesEditor) add() {
	e.rules = append(e.rules, app.Rule{Name: e.w.tr.T("rules.new"), Enabled: true})
	e.list.Refresh()
	e.list.Select(len(e.rules) - 1)
	e.w.win.Canvas().Focus(e.name)
}

func (e *rulesEditor) remove() {
	if e.current < 0 {
		return
	}
	i := e.current
	e.rules = slices.Delete(e.rules, i, i+1)
	e.list.UnselectAll()
	e.list.Refresh()
	if len(e.rules) > 0 {
		e.list.Select(min(i, len(e.rules)-1))
	} else {
		e.choose(-1)
	}
}

// moveBy moves the rule chosen up or down: rules act in order.
func (e *rulesEditor) moveBy(delta int) {
	i, j := e.current, e.current+delta
	if i < 0 || j < 0 || j >= len(e.rules) {
		return
	}
	e.rules[i], e.rules[j] = e.rules[j], e.rules[i]
	e.list.Refresh()
	e.list.Select(j)
}

func (e *rulesEditor) buttons() {
	for _, b := range []*widget.Button{e.del, e.up, e.down} {
		if e.current < 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if e.current == 0 {
		e.up.Disable()
	}
	if e.current == len(e.rules)-1 {
		e.down.Disable()
	}
}

// saveAll saves every rule, in order; they act on what arrives from now.
func (e *rulesEditor) saveAll() {
	in, rules := e.w.deps.Inbox, slices.Clone(e.rules)
	e.save.Disable()
	e.w.write.Do(func(ctx context.Context) {
		err := in.SetRules(ctx, rules)
		e.w.do(func() {
			e.save.Enable()
			if err != nil {
				e.problem.SetText(e.w.inboxError(err))
				e.problem.Show()
				return
			}
			e.dialog.Hide()
		})
	})
}

// repliesEditor lists the saved replies on the left and edits the one
// chosen on the right.
type repliesEditor struct {
	w       *Window
	replies []app.SavedReply
	current int
	filling bool

	list     *widget.List
	form     *fyne.Container
	name     *widget.Entry
	language *choiceSelect
	text     *widget.Entry
	del      *widget.Button
	save     *widget.Button
	problem  *widget.Label
	dialog   *dialog.CustomDialog
}

// editSavedReplies reads the saved replies and opens their editor.
func (w *Window) editSavedReplies() {
	in := w.deps.Inbox
	if in == nil {
		return
	}
	w.bg.Go(func() {
		replies, err := in.SavedReplies(context.Background())
		w.do(func() {
			if err != nil {
				w.showError(err)
				return
			}
			w.replies = newRepliesEditor(w, replies)
		})
	})
}

func newRepliesEditor(w *Window, replies []app.SavedReply) *repliesEditor {
	tr := w.tr
	e := &repliesEditor{w: w, replies: slices.Clone(replies), current: -1}
	e.list = widget.NewList(
		func() int { return len(e.replies) },
		newNamedRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(e.replies) {
				return
			}
			r := e.replies[id]
			name := r.Name
			if strings.TrimSpace(name) == "" {
				name = tr.T("rules.unnamed")
			}
			setNamedRow(o, name, languageName(tr.T, r.Language)+" · "+firstLine(app.InboxItem{Item: app.Item{Text: r.Text}}))
		},
	)
	e.list.OnSelected = func(id widget.ListItemID) { e.choose(id) }

	e.name = widget.NewEntry()
	e.name.OnChanged = func(string) { e.edited() }
	codes := []string{string(app.LanguageFrench), string(app.LanguageEnglish), ""}
	labels := []string{languageName(tr.T, app.LanguageFrench), languageName(tr.T, app.LanguageEnglish), languageName(tr.T, app.LanguageAuto)}
	e.language = newChoiceSelect(labels, codes, e.edited)
	e.text = widget.NewMultiLineEntry()
	e.text.Wrapping = fyne.TextWrapWord
	e.text.SetMinRowsVisible(6)
	e.text.OnChanged = func(string) { e.edited() }
	hint := widget.NewLabel(tr.T("replies.hint"))
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem(tr.T("replies.name"), e.name),
		widget.NewFormItem(tr.T("replies.language"), e.language.sel),
		widget.NewFormItem(tr.T("replies.text"), e.text),
	)
	e.form = container.NewVBox(form, hint)
	e.form.Hide()

	add := widget.NewButtonWithIcon(tr.T("replies.add"), theme.ContentAddIcon(), e.add)
	e.del = widget.NewButtonWithIcon(tr.T("rules.delete"), theme.DeleteIcon(), e.remove)
	e.del.Disable()
	e.problem = widget.NewLabel("")
	e.problem.Wrapping = fyne.TextWrapWord
	e.problem.Importance = widget.DangerImportance
	e.problem.Hide()
	cancel := widget.NewButton(tr.T("action.cancel"), func() { e.dialog.Hide() })
	e.save = widget.NewButtonWithIcon(tr.T("action.save"), theme.ConfirmIcon(), e.saveAll)
	e.save.Importance = widget.HighImportance

	left := container.NewBorder(nil, container.NewHBox(add, e.del), nil, nil, e.list)
	split := container.NewHSplit(left, container.NewVScroll(e.form))
	split.Offset = 0.35
	bottom := container.NewVBox(e.problem, container.NewHBox(layout.NewSpacer(), cancel, e.save))
	e.dialog = dialog.NewCustomWithoutButtons(tr.T("replies.title"), container.NewBorder(nil, bottom, nil, nil, split), w.win)
	e.dialog.Resize(fyne.NewSize(820, 520))
	e.dialog.Show()
	if len(e.replies) > 0 {
		e.list.Select(0)
	}
	return e
}

func (e *repliesEditor) choose(i int) {
	e.current = i
	if i < 0 || i >= len(e.replies) {
		e.current = -1
		e.form.Hide()
		e.del.Disable()
		return
	}
	r := e.replies[i]
	e.filling = true
	e.name.SetText(r.Name)
	e.language.set(string(r.Language))
	e.text.SetText(r.Text)
	e.filling = false
	e.form.Show()
	e.del.Enable()
}

func (e *repliesEditor) edited() {
	if e.filling || e.current < 0 {
		return
	}
	r := &e.replies[e.current]
	r.Name = e.name.Text
	r.Language = app.Language(e.language.code())
	r.Text = e.text.Text
	e.list.RefreshItem(e.current)
}

func (e *repliesEditor) add() {
	e.replies = append(e.replies, app.SavedReply{Name: e.w.tr.T("replies.new"), Language: e.w.tr.Language()})
	e.list.Refresh()
	e.list.Select(len(e.replies) - 1)
	e.w.win.Canvas().Focus(e.name)
}

func (e *repliesEditor) remove() {
	if e.current < 0 {
		return
	}
	i := e.current
	e.replies = slices.Delete(e.replies, i, i+1)
	e.list.UnselectAll()
	e.list.Refresh()
	if len(e.replies) > 0 {
		e.list.Select(min(i, len(e.replies)-1))
	} else {
		e.choose(-1)
	}
}

func (e *repliesEditor) saveAll() {
	in, replies := e.w.deps.Inbox, slices.Clone(e.replies)
	e.save.Disable()
	e.w.write.Do(func(ctx context.Context) {
		err := in.SetSavedReplies(ctx, replies)
		e.w.do(func() {
			e.save.Enable()
			if err != nil {
				e.problem.SetText(e.w.inboxError(err))
				e.problem.Show()
				return
			}
			e.dialog.Hide()
		})
	})
}
