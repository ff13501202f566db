package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

func TestLanguageWarningAndVisibilityAreSaved(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	c := f.w.compose
	e := &c.post
	if e.language.sel.Selected != "Automatic" || e.warning.Text != "" || e.visibility.sel.Selected != "Public" {
		t.Fatalf("a new draft shows %q, %q, %q", e.language.sel.Selected, e.warning.Text, e.visibility.sel.Selected)
	}
	test.Type(c.text, "The ending of the series, discussed")
	e.language.sel.SetSelected("English")
	test.Type(e.warning, "Spoilers")
	e.visibility.sel.SetSelected("Followers only")
	f.idle()

	posts := f.stored()
	if len(posts) != 1 {
		t.Fatalf("stored %d posts, want 1", len(posts))
	}
	p := posts[0]
	if p.Language != "en" || p.Warning != "Spoilers" || p.Visibility != app.VisibilityFollowers {
		t.Errorf("stored language %q, warning %q, visibility %q", p.Language, p.Warning, p.Visibility)
	}

	// A new draft starts from the defaults; reopened, the post shows its
	// own choices again.
	c.newDraft()
	f.idle()
	if e.language.sel.Selected != "Automatic" || e.warning.Text != "" || e.visibility.sel.Selected != "Public" {
		t.Errorf("a new draft after it shows %q, %q, %q", e.language.sel.Selected, e.warning.Text, e.visibility.sel.Selected)
	}
	c.open(p.ID)
	f.idle()
	if e.language.sel.Selected != "English" || e.warning.Text != "Spoilers" || e.visibility.sel.Selected != "Followers only" {
		t.Errorf("reopened: %q, %q, %q", e.language.sel.Selected, e.warning.Text, e.visibility.sel.Selected)
	}

	// Every visibility goes to its Mastodon name, public to "".
	for label, want := range map[string]app.Visibility{
		"Mentioned people only": app.VisibilityDirect,
		"Unlisted":              app.VisibilityUnlisted,
		"Public":                "",
	} {
		e.visibility.sel.SetSelected(label)
		f.idle()
		if got := f.stored()[0].Visibility; got != want {
			t.Errorf("%s stored as %q, want %q", label, got, want)
		}
	}
	e.language.sel.SetSelected("Français")
	f.idle()
	if got := f.stored()[0].Language; got != "fr" {
		t.Errorf("Français stored as %q", got)
	}
	e.language.sel.SetSelected("Automatic")
	e.warning.SetText("")
	f.idle()
	if p := f.stored()[0]; p.Language != "" || p.Warning != "" {
		t.Errorf("back to automatic, no warning: stored %q, %q", p.Language, p.Warning)
	}
}

// A post written elsewhere (the command line) in another language keeps
// it, its warning and its visibility when edited in the window.
func TestOtherLanguageAndWarningKeptWhenEdited(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	p, err := f.drafts.Create(context.Background(), app.Post{
		Text: "Guten Morgen", Language: "de", Warning: "Politik", Visibility: app.VisibilityPublic,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.idle()
	c := f.w.compose
	e := &c.post
	c.open(p.ID)
	f.idle()
	if e.language.sel.Selected != "de" || !slices.Contains(e.language.sel.Options, "de") || e.warning.Text != "Politik" || e.visibility.sel.Selected != "Public" {
		t.Fatalf("opened: %q (of %q), %q, %q", e.language.sel.Selected, e.language.sel.Options, e.warning.Text, e.visibility.sel.Selected)
	}
	c.text.SetText("Guten Morgen, Berlin")
	f.idle()
	got := f.stored()[0]
	if got.Text != "Guten Morgen, Berlin" || got.Language != "de" || got.Warning != "Politik" || got.Visibility != "" {
		t.Errorf("after editing the text: %+v", got)
	}

	// Another post does not offer that language.
	c.newDraft()
	f.idle()
	if len(e.language.sel.Options) != 3 || e.language.sel.Selected != "Automatique" {
		t.Errorf("a new draft offers %q, shows %q", e.language.sel.Options, e.language.sel.Selected)
	}

	// In French, and still within the window.
	for _, text := range []string{"Langue", "Avertissement de contenu (Mastodon)", "Visibilité (Mastodon)"} {
		if !f.shows(text) {
			t.Errorf("the editor does not show %q", text)
		}
	}
	if !slices.Equal(e.visibility.sel.Options, []string{"Public", "Non listé", "Abonnés seulement", "Personnes mentionnées seulement"}) {
		t.Errorf("visibilities offered: %q", e.visibility.sel.Options)
	}
	if min := f.w.Window().Content().MinSize(); min.Width > 1100 || min.Height > 720 {
		t.Errorf("the window needs %v, more than 1100×720", min)
	}
}

// TestImageFitSavedAndPreviewed: the consent to crop or pad for
// Instagram is saved with the post, and an image of a shape Instagram
// does not take says how it will go.
func TestImageFitSavedAndPreviewed(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	p, err := f.drafts.Create(context.Background(), app.Post{Text: "Vitrine",
		Media: []app.Media{{Hash: "ab", Type: "image/png", Size: 10, Width: 1080, Height: 1920, Name: "story.png", Alt: "Une vitrine"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := f.w.compose
	e := &c.post
	c.open(p.ID)
	f.idle()
	if e.fit.code() != "" {
		t.Fatalf("a post without consent shows %q", e.fit.sel.Selected)
	}
	e.fit.sel.SetSelected("Crop the middle")
	f.idle()
	if got := f.stored()[0].ImageFit; got != app.FitCrop {
		t.Errorf("stored %q, want crop", got)
	}
	found := false
	for _, card := range e.mediaBox.Objects {
		for _, o := range card.(*fyne.Container).Objects {
			if l, ok := o.(*widget.Label); ok && l.Text == "Instagram gets it cropped, as shown" {
				found = true
			}
		}
	}
	if !found {
		t.Error("the 9:16 image does not say it goes cropped")
	}
	c.newDraft()
	f.idle()
	c.open(p.ID)
	f.idle()
	if e.fit.code() != string(app.FitCrop) {
		t.Errorf("reopened: %q", e.fit.sel.Selected)
	}
}
