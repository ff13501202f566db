package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/app"
)

// within lists the objects inside o, through containers.
func within(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			out = append(out, within(child)...)
		}
	}
	return out
}

// outboxTexts are the outbox lines' texts, and their buttons' and links'.
func outboxTexts(c *composeScreen) []string {
	var out []string
	for _, o := range within(c.outboxLines) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *widget.Button:
			out = append(out, "["+o.Text+"]")
		case *widget.Hyperlink:
			out = append(out, "<"+o.Text+" "+o.URL.String()+">")
		}
	}
	return out
}

// outboxButton is the button of the outbox lines that says text.
func outboxButton(t *testing.T, c *composeScreen, text string) *widget.Button {
	t.Helper()
	for _, o := range within(c.outboxLines) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q under the editor: %q", text, outboxTexts(c))
	return nil
}

func TestTargetsAreTheConnectedAccounts(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	old, _ := f.drafts.Create(context.Background(), app.Post{Text: "planned before the account", Variants: []app.Variant{{Target: app.Target{Network: app.Mastodon}}}})
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	f.connect(s, app.Account{Network: app.RSS, Server: "https://asso.example/feed.xml"}, app.Secret{})
	c := f.w.compose
	c.newDraft()
	if got := c.post.targets.Options; !slices.Equal(got, []string{"cm@mastodon.example", "Bluesky", "Threads", "Facebook", "Instagram", "X", "LinkedIn"}) {
		t.Errorf("the targets offered: %q", got)
	}
	test.Tap(c.post.targets.checks[0]) // cm@mastodon.example
	test.Tap(c.post.targets.checks[1]) // Bluesky
	test.Type(c.text, "Hello")
	f.idle()
	p := f.stored()[0]
	if len(p.Variants) != 2 || p.Variants[0].Target != acc.Target() || p.Variants[1].Target != (app.Target{Network: app.Bluesky}) {
		t.Fatalf("stored targets %+v", p.Variants)
	}
	row := c.post.variants[acc.Target()]
	if row == nil || row.name.Text != "cm@mastodon.example" || row.length.Text != "5/500" {
		t.Error("the account's variant row is not named after it")
	}

	// A post planned for the network before its account keeps its target.
	c.open(old.ID)
	f.idle()
	if got := c.post.targets.Options; !slices.Contains(got, "Mastodon") || !slices.Equal(c.post.targets.Selected, []string{"Mastodon"}) {
		t.Errorf("an older post offers %q, ticked %q", got, c.post.targets.Selected)
	}
}

func TestPublishNowShowsTheLink(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	c := f.w.compose
	if !c.publish.Disabled() {
		t.Error("Publish now is offered for a draft not written yet")
	}
	tick(c, "cm@mastodon.example")
	test.Type(c.text, "Out now!")
	f.idle()
	test.Tap(c.publish)
	if !f.overlayShows("Publish now to 1 account?") {
		t.Fatal("Publish now does not ask first")
	}
	f.tapInOverlay("Publish now")
	if f.w.progress == nil || !f.overlayShows("Publishing… Relais waits for each network’s answer.") {
		t.Error("no progress while publishing")
	}
	f.idle()
	if got := s.nets[app.Mastodon].published(); len(got) != 1 || got[0].Text != "Out now!" {
		t.Fatalf("the network got %+v", got)
	}
	link := f.link()
	if link == nil || link.Text != "Open the post" || link.URL.String() != "https://mastodon.example/posts/1" {
		t.Fatalf("the results show no link to the post: %v", link)
	}
	test.TapAt(link, fyne.NewPos(link.MinSize().Width/2, link.Size().Height/2))
	if s.lastOpened() != "https://mastodon.example/posts/1" {
		t.Errorf("the link opened %q", s.lastOpened())
	}
	if !f.overlayShows("cm@mastodon.example") {
		t.Error("the results do not name the account")
	}

	// Under the editor: where it went.
	lines := outboxTexts(c)
	if !c.outbox.Visible() || len(lines) != 3 || !strings.HasPrefix(lines[0], "Published today at ") || lines[1] != "cm@mastodon.example" ||
		lines[2] != "<Open the post https://mastodon.example/posts/1>" {
		t.Errorf("the outbox shows %q", lines)
	}
	if p, _ := f.drafts.Get(context.Background(), c.current); p.Status != app.StatusPublished || c.post.status.Selected != "Published" {
		t.Errorf("stored %s, the editor shows %q", p.Status, c.post.status.Selected)
	}
	_ = acc
	// Published everywhere: nothing more to send.
	test.Tap(c.publish)
	if !f.overlayShows("This post has already gone out to every account it goes to.") {
		t.Error("publishing again does not say it is done already")
	}
}

func TestPublishNowSaysWhyPerTarget(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageFrench)
	f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	f.connect(s, app.Account{Network: app.Bluesky, Handle: "asso.bsky.social"}, app.Secret{Password: "p"})
	s.nets[app.Bluesky].reject = "Record too big"
	c := f.w.compose
	tick(c, "cm@mastodon.example", "asso.bsky.social")
	test.Type(c.text, "Bonjour")
	f.idle()
	test.Tap(c.publish)
	f.tapInOverlay("Publier maintenant")
	f.idle()
	if f.link() == nil || !f.overlayShows("Bluesky a refusé : Record too big") {
		t.Error("the results do not give the link of one and the reason of the other")
	}
	if !slices.Contains(outboxTexts(c), "[Réessayer]") || !slices.Contains(outboxTexts(c), "Non publiée") {
		t.Errorf("the outbox shows %q", outboxTexts(c))
	}
}

// held puts a post due while Relais could not publish, waiting for the
// user's word, as the engine leaves it.
func (f *fixture) held(acc app.Account, text string, due time.Time) (app.Post, app.Attempt) {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.drafts.Create(ctx, app.Post{Text: text, Status: app.StatusScheduled, PlannedAt: due, Variants: []app.Variant{{Target: acc.Target()}}})
	if err != nil {
		f.t.Fatal(err)
	}
	a := app.Attempt{ID: app.AttemptID(p.ID, acc.Target(), due), Post: p.ID, Target: acc.Target(), Account: acc.ID, Due: due,
		Key: app.NewAttemptKey(due), State: app.AttemptHeld, StartedAt: due, UpdatedAt: due}
	if err := f.db.PutAttempt(ctx, a); err != nil {
		f.t.Fatal(err)
	}
	return p, a
}

func TestHeldPostSkipOrPublish(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	due := time.Date(2026, 11, 24, 18, 0, 0, 0, time.Local)
	first, firstAttempt := f.held(acc, "skip me", due)
	second, _ := f.held(acc, "send me", due.Add(time.Hour))
	c := f.w.compose

	c.open(first.ID)
	f.idle()
	lines := outboxTexts(c)
	if !slices.Contains(lines, "Waiting for your decision: it was due on Nov 24 at 18:00, while Relais could not publish.") {
		t.Fatalf("a held post shows %q", lines)
	}
	test.Tap(outboxButton(t, c, "Skip"))
	f.idle()
	if a, _ := f.db.Attempt(context.Background(), firstAttempt.ID); a.State != app.AttemptSkipped {
		t.Errorf("after Skip the attempt is %s", a.State)
	}
	if !slices.Contains(outboxTexts(c), "Skipped: it will not go out") {
		t.Errorf("after Skip the outbox shows %q", outboxTexts(c))
	}

	c.open(second.ID)
	f.idle()
	test.Tap(outboxButton(t, c, "Publish now"))
	f.tapInOverlay("Publish now")
	f.idle()
	if got := s.nets[app.Mastodon].published(); len(got) != 1 || got[0].Text != "send me" {
		t.Fatalf("the network got %+v", got)
	}
	if !slices.Contains(outboxTexts(c), "<Open the post https://mastodon.example/posts/1>") {
		t.Errorf("after publishing the outbox shows %q", outboxTexts(c))
	}
}

// failed puts a post the network refused, as the engine leaves it.
func (f *fixture) failed(acc app.Account, title string, due time.Time) app.Post {
	f.t.Helper()
	ctx := context.Background()
	p, err := f.drafts.Create(ctx, app.Post{Title: title, Text: "x", Status: app.StatusScheduled, PlannedAt: due, Variants: []app.Variant{{Target: acc.Target()}}})
	if err != nil {
		f.t.Fatal(err)
	}
	p.Status = app.StatusFailed
	if err := f.db.PutPost(ctx, p); err != nil {
		f.t.Fatal(err)
	}
	a := app.Attempt{ID: app.AttemptID(p.ID, acc.Target(), due), Post: p.ID, Target: acc.Target(), Account: acc.ID, Due: due,
		Key: app.NewAttemptKey(due), State: app.AttemptFailed, Tries: 1, Failure: app.FailRejected, Status: 422,
		Problem: "Mastodon: the network refused the request (HTTP 422): Text too long", Message: "Text too long", StartedAt: due, UpdatedAt: due}
	if err := f.db.PutAttempt(ctx, a); err != nil {
		f.t.Fatal(err)
	}
	return p
}

func TestFailedPostSaysWhyUnderTheEditor(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	p := f.failed(acc, "Launch", time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local))
	c := f.w.compose
	c.open(p.ID)
	f.idle()
	want := []string{"Not published", "Mastodon refused: Text too long", "cm@mastodon.example", "[Try again]"}
	if got := outboxTexts(c); !slices.Equal(got, want) {
		t.Errorf("a failed post shows %q", got)
	}
	if c.post.status.Selected != "Failed" {
		t.Errorf("the status shows %q", c.post.status.Selected)
	}
}

func TestCalendarFailedPostSaysWhyAndPublishesNow(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "mastodon.example"}, app.Secret{AccessToken: "t"})
	day := time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)
	p := f.failed(acc, "Launch", day)
	f.w.ShowView("calendar")
	f.idle()
	if got := chipTexts(f.cellOf(day)); len(got) != 1 || got[0] != "⚠ 10:00 Launch" {
		t.Fatalf("a failed post's chip shows %q", got)
	}
	chip := findChip(f.cellOf(day).chips.Objects[0])
	menu := chip.menu()
	if why := menu.Items[0]; why.Label != "cm@mastodon.example: Mastodon refused: Text too long" || why.Icon == nil {
		t.Errorf("the menu starts with %q", why.Label)
	}
	test.TapSecondary(chip)
	shown := f.overlay()
	if !slices.ContainsFunc(shown, func(o fyne.CanvasObject) bool { _, ok := o.(*widget.PopUpMenu); return ok }) ||
		!slices.ContainsFunc(shown, func(o fyne.CanvasObject) bool { t, ok := o.(*canvas.Text); return ok && t.Text == "Publish now" }) {
		t.Error("a secondary tap on a chip shows no menu")
	}
	f.w.Window().Canvas().Overlays().Top().Hide()
	item(t, menu.Items, "Publish now").Action()
	f.tapInOverlay("Publish now")
	f.idle()
	if got, _ := f.drafts.Get(context.Background(), p.ID); got.Status != app.StatusPublished {
		t.Errorf("after Publish now from the calendar the post is %s", got.Status)
	}
	f.w.ShowView("calendar")
	f.idle()
	if got := chipTexts(f.cellOf(day)); len(got) != 1 || got[0] != "10:00 Launch" {
		t.Errorf("the published post's chip shows %q", got)
	}

	// Tapping still opens Compose.
	findChip(f.cellOf(day).chips.Objects[0]).Tapped(nil)
	f.idle()
	if f.w.View() != "compose" || f.w.compose.current != p.ID {
		t.Error("tapping the chip does not open the post")
	}
}

func TestLatePolicyIsSaved(t *testing.T) {
	f := newFixture(t, app.LanguageEnglish)
	f.w.ShowView("settings")
	f.idle()
	st := f.w.settings
	ctx := context.Background()
	settings := app.NewSettings(f.db)
	if st.late.Selected != "Skip them when too late" || st.lateHours.Text != "6" || !st.hoursRow.Visible() {
		t.Errorf("the default shows %q after %q hours", st.late.Selected, st.lateHours.Text)
	}
	st.late.SetSelected("Ask me first")
	f.idle()
	if p, _ := settings.LatePolicy(ctx); p.Mode != app.LateAsk || st.hoursRow.Visible() {
		t.Errorf("saved %+v", p)
	}
	st.late.SetSelected("Skip them when too late")
	test.Type(st.lateHours, "") // focus
	st.lateHours.SetText("3")
	f.idle()
	if p, _ := settings.LatePolicy(ctx); p.Mode != app.LateSkip || p.After != 3*time.Hour {
		t.Errorf("saved %+v", p)
	}
	st.lateHours.SetText("soon")
	f.idle()
	if p, _ := settings.LatePolicy(ctx); p.After != 3*time.Hour {
		t.Errorf("a word for hours saved %+v", p)
	}
	if st.lateStatus.Text != "Saved." {
		t.Errorf("the settings say %q", st.lateStatus.Text)
	}

	// Shown again, Settings reads it back.
	f.w.ShowView("compose")
	f.w.ShowView("settings")
	f.idle()
	if st := f.w.settings; st.late.Selected != "Skip them when too late" || st.lateHours.Text != "3" {
		t.Errorf("read back %q, %q", st.late.Selected, st.lateHours.Text)
	}
}

func TestAttemptWhyInPlainWords(t *testing.T) {
	f := newFixture(t, app.LanguageFrench)
	target := app.Target{Network: app.Mastodon}
	for _, c := range []struct {
		attempt     app.Attempt
		why, detail string
	}{
		{app.Attempt{Target: target, Failure: app.FailOffline, Problem: "Mastodon: the server could not be reached: dial tcp: i/o timeout"},
			"Mastodon est injoignable. Vérifiez la connexion ; Relais réessaie de lui-même.", "dial tcp: i/o timeout"},
		{app.Attempt{Target: target, Failure: app.FailRejected, Status: 422, Problem: "Mastodon: the network refused the request (HTTP 422): Texte trop long", Message: "Texte trop long"},
			"Mastodon a refusé : Texte trop long", ""},
		{app.Attempt{Target: target, Failure: app.FailRejected, Status: 422, Problem: "something else"},
			"Mastodon a refusé : HTTP 422", ""},
		{app.Attempt{Target: target, Reason: "too_late", Problem: "3h0m0s late: " + app.ErrTooLate.Error()},
			"Sautée : elle n’a pas pu partir à l’heure, et votre réglage saute les publications en retard.", ""},
		{app.Attempt{Target: target, Reason: "no_account", Problem: "Mastodon: " + app.ErrNoAccount.Error()},
			"Aucun compte Mastodon n’est connecté : connectez-en un dans Comptes.", ""},
		{app.Attempt{Target: target}, "", ""},
	} {
		why, detail := attemptWhy(f.w, c.attempt)
		if why != c.why || detail != c.detail {
			t.Errorf("%q: why %q, detail %q", c.attempt.Problem, why, detail)
		}
	}
}

// The composer counts against the account's own limit, as its server
// announced it (a GoToSocial's 5,000), under the text and on the row.
func TestComposeCountsAgainstTheAccountsLimit(t *testing.T) {
	f, s := newServicesFixture(t, app.LanguageEnglish)
	s.nets[app.Mastodon].limits = app.Limits{MaxLength: 5000, LinkLength: 25}
	acc := f.connect(s, app.Account{Network: app.Mastodon, Server: "gts.example"}, app.Secret{AccessToken: "t"})
	c := f.w.compose
	c.newDraft()
	test.Type(c.text, strings.Repeat("a", 830)+" https://example.org/"+strings.Repeat("x", 60))
	f.idle()
	mastodon := c.lengths[slices.Index(app.Networks, app.Mastodon)]
	if mastodon.Text != "Mastodon 856/5,000" || mastodon.Importance == widget.DangerImportance {
		t.Errorf("under the text, Mastodon says %q", mastodon.Text)
	}
	// Only the networks with an account count under the text.
	if c.lengths[slices.Index(app.Networks, app.Instagram)].Visible() {
		t.Error("Instagram's count shows, with no Instagram account")
	}
	tick(c, "cm@gts.example")
	f.idle()
	row := c.post.variants[acc.Target()]
	if row == nil || row.length.Text != "856/5,000" {
		t.Fatalf("the account's row says %q", row.length.Text)
	}
	for _, o := range c.post.problems.Objects {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "Mastodon") {
			t.Errorf("a problem for the account: %q", l.Text)
		}
	}
}
