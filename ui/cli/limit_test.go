package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// A post to an Instagram account whose 100 posts a day are already
// planned is refused by draft status, saying the limit and the window,
// in French; --ignore-limit schedules it all the same.
func TestSchedulingOverThePublishingLimit(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageFrench)
	ctx := context.Background()
	at := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	photo := []app.Media{{Name: "a.jpg", Hash: "h", Size: 1, Width: 100, Height: 100, Alt: "une photo"}}
	to := []app.Variant{{Target: app.Target{Network: app.Instagram}}}
	for i := range 100 {
		if _, err := env.Drafts.Create(ctx, app.Post{Text: "Photo", Media: photo, Status: app.StatusScheduled, PlannedAt: at.Add(time.Duration(i) * 10 * time.Minute), Variants: to}); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	p, err := env.Drafts.Create(ctx, app.Post{Text: "Une de trop", Media: photo, PlannedAt: at.Add(20 * time.Hour), Variants: to})
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runAll(t, env, "draft", "status", p.ID.String(), "scheduled")
	if code != ExitError || !strings.Contains(errOut, "Instagram") || !strings.Contains(errOut, "prend 100 publications par 24 heures venant d’applications ; 100 sont déjà prévues ou publiées entre") {
		t.Fatalf("over the limit: exit %d, %q", code, errOut)
	}
	from := at.Local().Format("2006-01-02 15:04")
	if !strings.Contains(errOut, from) {
		t.Errorf("the window's start %s is not said: %q", from, errOut)
	}
	if code, _, errOut := runAll(t, env, "draft", "status", p.ID.String(), "scheduled", "--ignore-limit"); code != ExitOK {
		t.Errorf("--ignore-limit: exit %d, %s", code, errOut)
	}
}
