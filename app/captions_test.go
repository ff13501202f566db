package app

import (
	"strings"
	"testing"
	"time"
)

func TestCountHashtagsAndMentions(t *testing.T) {
	cases := []struct {
		text               string
		hashtags, mentions int
	}{
		{"", 0, 0},
		{"#pain #levain et #pain", 3, 0},
		{"Voir https://exemple.fr/page#ancre et #Lyon7", 1, 0},
		{"Écrivez à contact@exemple.fr ou @boulangerie.martin, merci @julie_l.", 0, 2},
		{"C# et F# ne sont pas des tags, #2026 non plus, #été oui", 1, 0},
		{"&#233; est une entité, @ seul non plus", 0, 0},
	}
	for _, c := range cases {
		if got := CountHashtags(c.text); got != c.hashtags {
			t.Errorf("CountHashtags(%q) = %d, want %d", c.text, got, c.hashtags)
		}
		if got := CountMentions(c.text); got != c.mentions {
			t.Errorf("CountMentions(%q) = %d, want %d", c.text, got, c.mentions)
		}
	}
}

func TestRatioFits(t *testing.T) {
	lo, hi := Instagram.AspectRange()
	cases := []struct {
		w, h int
		want bool
	}{
		{1080, 1080, true}, {1080, 1350, true}, {1080, 566, true}, {1080, 1351 + 10, false},
		{1080, 1920, false}, {1920, 1000, false}, {1910, 1000, true}, {0, 0, true},
	}
	for _, c := range cases {
		if got := RatioFits(c.w, c.h, lo, hi); got != c.want {
			t.Errorf("RatioFits(%d×%d) = %v, want %v", c.w, c.h, got, c.want)
		}
	}
	if lo, hi := Mastodon.AspectRange(); lo != 0 || hi != 0 || !RatioFits(100, 10000, lo, hi) {
		t.Error("Mastodon takes any shape")
	}
}

// TestInstagramChecks: a caption is held to Instagram's own rules at
// scheduling: an image is needed, 30 hashtags, 20 mentions, and images
// between 4:5 and 1.91:1 unless the user consents to crop or pad.
func TestInstagramChecks(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ig := []Variant{{Target: Target{Network: Instagram}}}
	kinds := func(p Post) map[ProblemKind]Problem {
		out := map[ProblemKind]Problem{}
		for _, pr := range Check(p) {
			out[pr.Kind] = pr
		}
		return out
	}
	text := kinds(Post{Text: "Du texte seul", PlannedAt: at, Variants: ig})
	if _, ok := text[ProblemNeedsImage]; !ok {
		t.Errorf("a text alone to Instagram: %v, want needs_image", text)
	}
	if got := kinds(Post{Text: "Du texte seul", PlannedAt: at, Variants: []Variant{{Target: Target{Network: Threads}}}}); len(got) != 0 {
		t.Errorf("a text alone to Threads: %v", got)
	}
	square := Media{Hash: "a", Type: "image/png", Size: 1000, Width: 1080, Height: 1080, Alt: "Un pain"}
	tall := Media{Hash: "b", Type: "image/jpeg", Size: 1000, Width: 1080, Height: 1920, Alt: "Une vitrine"}
	tags := strings.Repeat("#pain ", 31)
	at31 := strings.Repeat("@ami ", 21)
	p := Post{Text: tags + at31, PlannedAt: at, Variants: ig, Media: []Media{square, tall}}
	got := kinds(p)
	if pr := got[ProblemTooManyHashtags]; pr.Got != 31 || pr.Max != 30 {
		t.Errorf("hashtags: %+v", pr)
	}
	if pr := got[ProblemTooManyMentions]; pr.Got != 21 || pr.Max != 20 {
		t.Errorf("mentions: %+v", pr)
	}
	if pr, ok := got[ProblemImageShape]; !ok || pr.Image != 1 || !pr.Blocking() {
		t.Errorf("a 9:16 image: %+v, want image 2 refused", pr)
	}
	for _, fit := range []ImageFit{FitCrop, FitPad} {
		p.ImageFit = fit
		if _, ok := kinds(p)[ProblemImageShape]; ok {
			t.Errorf("with %q, the shape is still refused", fit)
		}
	}
	// Other networks take the same post as it is.
	p.ImageFit, p.Variants = FitNone, []Variant{{Target: Target{Network: Mastodon}}}
	p.Text = "#pain"
	if got := kinds(p); len(got) != 0 {
		t.Errorf("Mastodon: %v", got)
	}
	if _, err := ParseImageFit("stretch"); err == nil {
		t.Error("ParseImageFit took stretch")
	}
}

// TestInstagramReplyNeedsNoImage: a reply to a comment is a comment,
// which takes no image: CheckReply does not ask for one.
func TestInstagramReplyNeedsNoImage(t *testing.T) {
	acc := Account{ID: NewID(time.Now()), Network: Instagram, Handle: "boulangerie.martin"}
	it := InboxItem{Item: Item{Kind: ItemReply, Post: &RemoteRef{ID: "1"}, Author: Author{Handle: "julie.l"}}, Account: acc.ID, Network: Instagram}
	for _, pr := range CheckReply(it, acc, "Merci !") {
		if pr.Blocking() {
			t.Errorf("reply refused: %v", pr)
		}
	}
}
