package app

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFindingApply(t *testing.T) {
	text := "Une boulengerie !"
	f := Finding{Kind: FindSpelling, Start: 4, End: 15, Text: "boulengerie", Fixes: []string{"boulangerie"}}
	got, ok := f.Apply(text, 0)
	if !ok || got != "Une boulangerie !" {
		t.Fatalf("Apply = %q, %v", got, ok)
	}
	for _, stale := range []string{"Une boulangerie !", "Une", ""} {
		if got, ok := f.Apply(stale, 0); ok || got != stale {
			t.Errorf("Apply on %q = %q, %v; want no change", stale, got, ok)
		}
	}
	if _, ok := f.Apply(text, 1); ok {
		t.Error("Apply of a fix that does not exist")
	}
	if !(Proofread{Findings: []Finding{{Severity: SeverityWarning}, {Severity: SeverityError}}}).Errors() {
		t.Error("an error finding does not make Errors true")
	}
	if (Proofread{Findings: []Finding{{Severity: SeverityWarning}}}).Errors() {
		t.Error("a warning makes Errors true")
	}
}

func TestPersonalWords(t *testing.T) {
	s := NewSettings(newMemStore())
	ctx := context.Background()
	if words, err := s.PersonalWords(ctx); err != nil || len(words) != 0 {
		t.Fatalf("a new dictionary: %q, %v", words, err)
	}
	if _, err := s.SetPersonalWords(ctx, []string{" Relais ", "", "Boulangerie Martin"}); err != nil {
		t.Fatal(err)
	}
	words, err := s.AddPersonalWord(ctx, "relais") // already there, in another case
	if err != nil || !slices.Equal(words, []string{"Relais", "Boulangerie Martin"}) {
		t.Fatalf("after adding a repeat: %q, %v", words, err)
	}
	if words, _ := s.AddPersonalWord(ctx, "Mastodon"); !slices.Equal(words, []string{"Relais", "Boulangerie Martin", "Mastodon"}) {
		t.Errorf("after adding: %q", words)
	}
	if got, _ := s.PersonalWords(ctx); len(got) != 3 {
		t.Errorf("stored %q", got)
	}
}

// slowProofreader counts its loads and remembers its personal words.
type slowProofreader struct {
	mu       sync.Mutex
	personal []string
}

func (p *slowProofreader) Proofread(ctx context.Context, text string, opt ProofOptions) (Proofread, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	args := map[string]string{"personal": strconv.Itoa(len(p.personal))}
	return Proofread{Language: LanguageFrench, Findings: []Finding{{Kind: FindSpelling, Text: text, Args: args}}}, nil
}

func (p *slowProofreader) SetPersonal(words []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.personal = slices.Clone(words)
}

func TestLazyProofreader(t *testing.T) {
	var loads atomic.Int32
	release := make(chan struct{})
	fail := true
	l := LazyProofreader(func() (Proofreader, error) {
		loads.Add(1)
		<-release
		if fail {
			fail = false
			return nil, errors.New("no dictionary")
		}
		return &slowProofreader{}, nil
	})
	l.SetPersonal([]string{"Relais", "Martin"}) // before the load: kept for it

	// A check that gives up waiting ends with its context, not the load.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	l.Warm()
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	if _, err := l.Proofread(ctx, "x", ProofOptions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a check waiting for the load: %v", err)
	}
	release <- struct{}{}
	// The failed load is tried again by the next check, once for many.
	var wg sync.WaitGroup
	results := make([]Proofread, 4)
	for i := range results {
		wg.Go(func() {
			for {
				p, err := l.Proofread(context.Background(), "boulengerie", ProofOptions{})
				if err == nil {
					results[i] = p
					return
				}
			}
		})
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 2 {
		t.Errorf("%d loads, want 2 (one failed)", n)
	}
	for _, p := range results {
		if len(p.Findings) != 1 || p.Findings[0].Args["personal"] != "2" {
			t.Errorf("a check after the load: %+v", p)
		}
	}
}

// typoProofreader finds "boulengerie" wherever it is, as an error, and
// "..." as a warning; it remembers the options of each check.
type typoProofreader struct {
	mu   sync.Mutex
	asks []ProofOptions
}

func (p *typoProofreader) Proofread(ctx context.Context, text string, opt ProofOptions) (Proofread, error) {
	p.mu.Lock()
	p.asks = append(p.asks, opt)
	p.mu.Unlock()
	var res Proofread
	if i := strings.Index(text, "boulengerie"); i >= 0 {
		res.Findings = append(res.Findings, Finding{Kind: FindSpelling, Severity: SeverityError, Start: i, End: i + 11, Text: "boulengerie"})
	}
	if i := strings.Index(text, "..."); i >= 0 {
		res.Findings = append(res.Findings, Finding{Kind: FindEllipsis, Start: i, End: i + 3, Text: "..."})
	}
	return res, nil
}

func (p *typoProofreader) SetPersonal([]string) {}

func TestSchedulingWaitsOnTheProofreader(t *testing.T) {
	d, _, _ := newDrafts()
	proof := &typoProofreader{}
	d.UseProofreader(proof)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p, err := d.Create(bg, Post{Text: "La boulengerie ouvre...", PlannedAt: at, Language: "fr",
		Variants: []Variant{{Target: Target{Network: Mastodon}}, {Target: Target{Network: Bluesky}, Text: "Ouvert demain..."}}})
	if err != nil {
		t.Fatal(err)
	}
	var nr *NotReadyError
	if _, err := d.SetStatus(bg, p.ID, StatusScheduled); !errors.As(err, &nr) {
		t.Fatalf("scheduling a text with a typo: %v", err)
	}
	// Only the error, only where it is; a warning does not block.
	if len(nr.Problems) != 1 || nr.Problems[0].Kind != ProblemProofread || nr.Problems[0].Target.Network != Mastodon ||
		nr.Problems[0].Finding.Text != "boulengerie" {
		t.Errorf("problems %+v", nr.Problems)
	}
	if len(proof.asks) != 2 || !reflect.DeepEqual(proof.asks[0], ProofOptions{Language: LanguageFrench, Network: Mastodon}) || proof.asks[1].Network != Bluesky {
		t.Errorf("asked %+v", proof.asks)
	}
	// The user chooses to schedule it anyway; editing keeps that choice.
	if _, err := d.SetIgnoreProof(bg, p.ID, true); err != nil {
		t.Fatal(err)
	}
	p.Title = "Ouverture"
	if p, err = d.Save(bg, p); err != nil || !p.IgnoreProof {
		t.Fatalf("saved %+v, %v", p.IgnoreProof, err)
	}
	if p, err = d.SetStatus(bg, p.ID, StatusScheduled); err != nil || p.Status != StatusScheduled {
		t.Fatalf("scheduling despite the proofreader: %v, %v", p.Status, err)
	}
	// Taken back, and fixed: scheduled.
	d.SetIgnoreProof(bg, p.ID, false)
	d.SetStatus(bg, p.ID, StatusReady)
	p.Text = "La boulangerie ouvre…"
	if p, err = d.Save(bg, p); err != nil {
		t.Fatal(err)
	}
	if p, err = d.SetStatus(bg, p.ID, StatusScheduled); err != nil || p.Status != StatusScheduled {
		t.Errorf("the fixed post: %v, %v", p.Status, err)
	}
}

func TestRepliesAreProofread(t *testing.T) {
	f := newInboxFixture(t)
	proof := &typoProofreader{}
	f.in.UseProofreader(proof)
	f.masto.addItems(mention("Vous ouvrez dimanche ?"))
	f.sync(t)
	it := f.list(t, InboxFilter{})[0]
	var nr *NotReadyError
	if _, err := f.in.Reply(bg, it.ID, "Oui, à la boulengerie..."); !errors.As(err, &nr) ||
		len(nr.Problems) != 1 || nr.Problems[0].Finding.Text != "boulengerie" || nr.Problems[0].Target.Network != Mastodon {
		t.Fatalf("a reply with a typo: %v", err)
	}
	// The author's name and handle are known to the check: a saved reply
	// puts them in.
	if len(proof.asks) != 1 || proof.asks[0].Network != Mastodon || !slices.Equal(proof.asks[0].Names, []string{"Marie", "marie@masto.example"}) {
		t.Errorf("asked %+v", proof.asks)
	}
	if n := f.masto.count(); n != 0 {
		t.Fatalf("%d replies went out", n)
	}
	replied, err := f.in.ReplyIgnoringProofreading(bg, it.ID, "Oui, à la boulengerie...")
	if err != nil || replied.State != StateReplied || f.masto.count() != 1 {
		t.Errorf("sent anyway: %v %s", err, replied.State)
	}
}
