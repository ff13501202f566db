package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// typoReader flags the words it knows as misspelt (with their fix) unless
// they are in the personal dictionary, and a plain space before "!" in
// French; it counts its checks and remembers their options. As the real
// one, it gives a typo's fix on a quick check (KnownFixesOnly) only once
// a full check looked for it.
type typoReader struct {
	mu       sync.Mutex
	typos    map[string]string
	personal []string
	checks   int
	last     app.ProofOptions
	quick    []bool // each check's KnownFixesOnly
	looked   map[string]bool
}

func (r *typoReader) Proofread(ctx context.Context, text string, opt app.ProofOptions) (app.Proofread, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks++
	r.last = opt
	r.quick = append(r.quick, opt.KnownFixesOnly)
	if r.looked == nil {
		r.looked = map[string]bool{}
	}
	res := app.Proofread{Language: app.LanguageFrench}
	for bad, fix := range r.typos {
		if slices.Contains(r.personal, bad) {
			continue
		}
		if i := strings.Index(text, bad); i >= 0 {
			f := app.Finding{Kind: app.FindSpelling, Severity: app.SeverityError, Start: i, End: i + len(bad), Text: bad}
			if opt.KnownFixesOnly && !r.looked[bad] {
				res.FixesPending = true
			} else {
				f.Fixes, r.looked[bad] = []string{fix}, true
			}
			res.Findings = append(res.Findings, f)
		}
	}
	if i := strings.Index(text, " !"); i >= 0 {
		res.Findings = append(res.Findings, app.Finding{Kind: app.FindNarrowSpace, Start: i, End: i + 2, Text: " !",
			Fixes: []string{"\u202f!"}, Args: map[string]string{"punct": "!"}})
	}
	slices.SortFunc(res.Findings, func(a, b app.Finding) int { return a.Start - b.Start })
	return res, nil
}

func (r *typoReader) SetPersonal(words []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.personal = slices.Clone(words)
}

func withProofreader(r *typoReader) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) { d.Proofreader = r }
}

// proofRows reads the findings the panel lists: each row's message and
// its buttons.
func proofRows(p *proofPanel) (messages []string, buttons [][]*widget.Button) {
	for _, row := range p.box.Objects {
		if row == p.marked {
			continue
		}
		var msg string
		var bs []*widget.Button
		for _, o := range test.LaidOutObjects(row) {
			switch o := o.(type) {
			case *widget.Label:
				if msg == "" {
					msg = o.Text
				}
			case *widget.Button:
				bs = append(bs, o)
			}
		}
		messages, buttons = append(messages, msg), append(buttons, bs)
	}
	return messages, buttons
}

func TestComposeProofreadsAsYouType(t *testing.T) {
	r := &typoReader{typos: map[string]string{"boulengerie": "boulangerie", "Martinn": "Martin"}}
	f := newFixture(t, app.LanguageFrench, withProofreader(r))
	c := f.w.compose
	test.Type(c.text, "La boulengerie Martinn ouvre samedi !")
	f.idle()
	msgs, buttons := proofRows(c.proof)
	want := []string{
		"« boulengerie » n’est pas dans le dictionnaire",
		"« Martinn » n’est pas dans le dictionnaire",
		"Une espace fine insécable se met avant « ! »",
	}
	if !slices.Equal(msgs, want) {
		t.Fatalf("the panel lists %q", msgs)
	}
	var marked []string
	for _, seg := range c.proof.marked.Segments {
		if ts := seg.(*widget.TextSegment); ts.Style.TextStyle.Underline {
			marked = append(marked, ts.Text+"/"+string(ts.Style.ColorName))
		}
	}
	if !slices.Equal(marked, []string{"boulengerie/error", "Martinn/error", " !/warning"}) || c.proof.marked.String() != "La boulengerie Martinn ouvre samedi !" {
		t.Errorf("the text shows marked %q: %q", marked, c.proof.marked.String())
	}
	if n := r.checks; n > 6 {
		t.Errorf("%d checks for one burst of typing; the keystrokes are not debounced", n)
	}
	// The findings first, from a quick check; the typos' fixes from a
	// second one right after.
	if n := len(r.quick); n < 2 || !r.quick[n-2] || r.quick[n-1] {
		t.Errorf("the checks' KnownFixesOnly: %v, want a quick check then a full one", r.quick)
	}
	if buttons[0][0].Text != "boulangerie" || buttons[0][1].Text != "Ajouter au dictionnaire" || buttons[2][0].Text != "Espace fine avant « ! »" {
		t.Errorf("the buttons: %q %q %q", buttons[0][0].Text, buttons[0][1].Text, buttons[2][0].Text)
	}

	// Three clicks: a fix, the personal dictionary, the narrow space.
	test.Tap(buttons[0][0])
	if c.text.Text != "La boulangerie Martinn ouvre samedi !" {
		t.Fatalf("the fix gave %q", c.text.Text)
	}
	f.idle()
	_, buttons = proofRows(c.proof)
	test.Tap(buttons[0][1]) // Martinn: add to the dictionary
	f.idle()
	if words, _ := app.NewSettings(f.db).PersonalWords(context.Background()); !slices.Equal(words, []string{"Martinn"}) {
		t.Errorf("the personal dictionary holds %q", words)
	}
	msgs, buttons = proofRows(c.proof)
	if len(msgs) != 1 {
		t.Fatalf("after the dictionary the panel lists %q", msgs)
	}
	test.Tap(buttons[0][0])
	f.idle()
	if c.text.Text != "La boulangerie Martinn ouvre samedi\u202f!" || c.proof.box.Visible() {
		t.Errorf("after three clicks: %q, panel shown %v", c.text.Text, c.proof.box.Visible())
	}
	if blocking, current := c.proof.result.Errors(), c.proof.checked == c.text.Text; blocking || !current {
		t.Errorf("after the fixes: errors %v, the text checked as it is %v", blocking, current)
	}
	if got := f.stored(); len(got) != 1 || got[0].Text != "La boulangerie Martinn ouvre samedi\u202f!" {
		t.Errorf("the fixed text was not saved: %+v", got)
	}
}

func TestProofreadingFollowsTheNetworkAndDropsStaleResults(t *testing.T) {
	r := &typoReader{typos: map[string]string{"teh": "the"}}
	f := newFixture(t, app.LanguageEnglish, withProofreader(r))
	c := f.w.compose
	test.Type(c.text, "teh")
	f.idle()
	if r.last.Network != "" || r.last.Language != app.LanguageAuto {
		t.Errorf("options %+v", r.last)
	}
	// A result for a text that changed since is not shown.
	c.proof.check("teh", app.ProofOptions{})
	c.text.SetText("fine now")
	f.idle()
	if msgs, _ := proofRows(c.proof); len(msgs) != 0 {
		t.Errorf("a stale result shows %q", msgs)
	}
}

func TestInboxReplyIsProofread(t *testing.T) {
	r := &typoReader{typos: map[string]string{"mercii": "merci"}}
	x := newInboxFixture(t, app.LanguageFrench, withProofreader(r))
	s := x.screen()
	x.selectRemote("n-m1")
	test.Type(s.reply, "mercii !")
	x.idle()
	msgs, buttons := proofRows(s.replyProof)
	if len(msgs) != 2 || msgs[0] != "« mercii » n’est pas dans le dictionnaire" {
		t.Fatalf("the reply's findings: %q", msgs)
	}
	if r.last.Network != app.Mastodon {
		t.Errorf("the reply was checked for %q", r.last.Network)
	}
	test.Tap(buttons[0][0])
	if s.reply.Text != "merci !" {
		t.Errorf("the fix gave %q", s.reply.Text)
	}

	// With a typo left, Send asks first; "Envoyer quand même" sends.
	x.in.UseProofreader(r)
	s.reply.SetText("@marie@masto.example mercii")
	x.idle()
	test.Tap(s.send)
	x.idle()
	if n := len(x.s.nets[app.Mastodon].published()); n != 0 {
		t.Fatalf("a reply with a typo went out (%d)", n)
	}
	if !x.overlayShows("• « mercii » n’est pas dans le dictionnaire") {
		t.Fatal("Send does not say what is wrong")
	}
	x.tapInOverlay("Envoyer quand même")
	x.idle()
	if sent := x.s.nets[app.Mastodon].published(); len(sent) != 1 || sent[0].Text != "@marie@masto.example mercii" {
		t.Errorf("sent anyway: %+v", sent)
	}
}

func TestSchedulingATypoAsksFirst(t *testing.T) {
	r := &typoReader{typos: map[string]string{"Martinn": "Martin"}}
	f := newFixture(t, app.LanguageFrench, withProofreader(r), func(f *fixture, d *Deps) { f.drafts.UseProofreader(r) })
	c := f.w.compose
	tick(c, "Mastodon")
	test.Type(c.text, "Chez Martinn ce samedi")
	c.post.whenEntry.SetText("2026-12-01 09:00")
	f.idle()
	c.post.status.SetSelected("Programmé")
	f.idle()
	if p := f.stored()[0]; p.Status != app.StatusDraft {
		t.Fatalf("a post with a typo was scheduled: %q", p.Status)
	}
	if !f.overlayShows("• Mastodon : « Martinn » n’est pas dans le dictionnaire") || !f.overlayShows("Programmer quand même") {
		t.Fatal("the dialog does not list the typo, or offers no way past it")
	}
	// The user knows better: scheduled, and the choice kept.
	f.tapInOverlay("Programmer quand même")
	f.idle()
	if p := f.stored()[0]; p.Status != app.StatusScheduled || !p.IgnoreProof {
		t.Errorf("after “Programmer quand même”: %q, ignore %v", p.Status, p.IgnoreProof)
	}
	if c.post.status.Selected != "Programmé" {
		t.Errorf("the status shows %q", c.post.status.Selected)
	}
}

func TestSettingsPersonalDictionary(t *testing.T) {
	r := &typoReader{}
	f := newFixture(t, app.LanguageFrench, withProofreader(r))
	f.w.ShowView("settings")
	f.idle()
	s := f.w.settings
	if s.personal == nil || s.personalSave.Disabled() == false {
		t.Fatal("no personal dictionary, or Save enabled before any change")
	}
	test.Type(s.personal, "Boulangerie Martin\n\nRelais\nrelais")
	test.Tap(s.personalSave)
	f.idle()
	want := []string{"Boulangerie Martin", "Relais"}
	if words, _ := app.NewSettings(f.db).PersonalWords(context.Background()); !slices.Equal(words, want) {
		t.Errorf("stored %q", words)
	}
	if !slices.Equal(r.personal, want) || s.personalState.Text != "2 mots dans votre dictionnaire." {
		t.Errorf("the proofreader has %q; the screen says %q", r.personal, s.personalState.Text)
	}
	// Links: off by default; on is kept and used.
	if s.checkLinks.Checked {
		t.Error("links are tried online by default")
	}
	test.Tap(s.checkLinks)
	f.idle()
	if !app.NewSettings(f.db).CheckLinks(context.Background()) {
		t.Error("the links setting was not saved")
	}
	f.w.ShowView("compose")
	test.Type(f.w.compose.text, "Voir https://example.org")
	f.idle()
	if !r.last.Links {
		t.Error("the compose check does not try links once chosen")
	}
}

// variantReader is a typoReader that takes the English variant.
type variantReader struct {
	typoReader
	variant app.EnglishVariant
}

func (r *variantReader) SetEnglishVariant(v app.EnglishVariant) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.variant = v
}

func TestSettingsEnglishVariant(t *testing.T) {
	r := &variantReader{}
	f := newFixture(t, app.LanguageEnglish, func(f *fixture, d *Deps) { d.Proofreader = r })
	f.w.ShowView("settings")
	f.idle()
	s := f.w.settings
	if s.english == nil || s.english.Selected != "US English (color, organize)" {
		t.Fatalf("the English choice shows %q, want US by default", s.english.Selected)
	}
	s.english.SetSelected("UK English (colour, organise)")
	f.idle()
	if got := app.NewSettings(f.db).EnglishVariant(context.Background()); got != app.EnglishUK {
		t.Errorf("stored variant %q, want UK", got)
	}
	r.mu.Lock()
	got := r.variant
	r.mu.Unlock()
	if got != app.EnglishUK {
		t.Errorf("the proofreader was given %q, want UK", got)
	}
	// Shown again, the screen reads the stored choice.
	f.w.ShowView("compose")
	f.w.ShowView("settings")
	f.idle()
	if s := f.w.settings; s.english.Selected != "UK English (colour, organise)" {
		t.Errorf("the English choice shows %q after UK was chosen", s.english.Selected)
	}
}
