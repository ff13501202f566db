package mastodon_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

func TestSinceReadsFollowRequestsAsPlainText(t *testing.T) {
	c, fake := open(t)
	fake.SetLocked(true)
	first, err := c.Since(ctx(t), "")
	if err != nil {
		t.Fatal(err)
	}
	fake.SetNote("lea@boulangerie.example", `<p>Boulangère &amp; pâtissière<br>à <a href="https://lyon.example">Lyon</a> <script>alert(1)</script></p>`)
	notif := fake.Follow("lea@boulangerie.example")
	page, err := c.Since(ctx(t), first.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("want the follow request, got %+v", page.Items)
	}
	it := page.Items[0]
	if it.Kind != app.ItemFollowRequest || it.RemoteID != notif || it.Author.Handle != "lea@boulangerie.example" ||
		it.Author.RemoteID != fake.AccountID("lea@boulangerie.example") || it.Post != nil {
		t.Errorf("item = %+v", it)
	}
	if strings.ContainsAny(it.Text, "<>") || !strings.Contains(it.Text, "Boulangère & pâtissière") || !strings.Contains(it.Text, "Lyon") {
		t.Errorf("bio as text = %q", it.Text)
	}
	if it.URL != "https://boulangerie.example/@lea" || !strings.HasSuffix(it.Author.Avatar, ".png") {
		t.Errorf("page %q, avatar %q", it.URL, it.Author.Avatar)
	}
}

func TestAcceptAndRejectFollowRequests(t *testing.T) {
	c, fake := open(t)
	fake.SetLocked(true)
	fake.Follow("lea")
	fake.Follow("tom@piaille.fr")
	lea, tom := fake.AccountID("lea"), fake.AccountID("tom@piaille.fr")

	if err := c.AcceptFollow(ctx(t), lea); err != nil {
		t.Fatal(err)
	}
	if err := c.RejectFollow(ctx(t), tom); err != nil {
		t.Fatal(err)
	}
	if !fake.Follows("lea") || fake.Follows("tom@piaille.fr") || len(fake.FollowRequests()) != 0 {
		t.Errorf("lea follows %v, tom follows %v, waiting %q", fake.Follows("lea"), fake.Follows("tom@piaille.fr"), fake.FollowRequests())
	}
	var asked []string
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost {
			asked = append(asked, r.Path)
		}
	}
	want := []string{"/api/v1/follow_requests/" + lea + "/authorize", "/api/v1/follow_requests/" + tom + "/reject"}
	if !slices.Equal(asked, want) {
		t.Errorf("requests %q, want %q", asked, want)
	}

	// Answered already, withdrawn, or never asked: 404 Record not found.
	fake.Follow("zoé")
	fake.WithdrawFollow("zoé")
	for _, id := range []string{lea, fake.AccountID("zoé"), fake.AccountID("nobody")} {
		err := c.AcceptFollow(ctx(t), id)
		ne, ok := app.AsNetError(err)
		if !errors.Is(err, app.ErrRemoteGone) || !ok || ne.Status != http.StatusNotFound || ne.Message != "Record not found" {
			t.Errorf("accepting %s: %v", id, err)
		}
	}
}

func TestAnsweringWithARefusedTokenAsksToReconnect(t *testing.T) {
	c, fake := open(t)
	fake.SetLocked(true)
	fake.Follow("lea")
	fake.SetToken("another-token")
	if err := c.RejectFollow(ctx(t), fake.AccountID("lea")); !errors.Is(err, app.ErrReconnect) {
		t.Errorf("want ErrReconnect, got %v", err)
	}
	if _, _, err := c.FollowRequests(ctx(t)); !errors.Is(err, app.ErrReconnect) {
		t.Errorf("listing: want ErrReconnect, got %v", err)
	}
	if len(fake.FollowRequests()) != 1 {
		t.Error("the request was answered without the token")
	}
}

func TestFollowRequestsFollowsTheLinkHeader(t *testing.T) {
	c, fake := open(t)
	fake.SetLocked(true)
	var want []string
	for i := range 170 {
		name := "fan" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26))
		fake.Follow(name)
		want = append(want, fake.AccountID(name))
	}
	reqs, complete, err := c.FollowRequests(ctx(t))
	if err != nil || !complete {
		t.Fatalf("complete %v, err %v", complete, err)
	}
	var got []string
	for _, it := range reqs {
		if it.Kind != app.ItemFollowRequest || it.Author.Handle == "" {
			t.Fatalf("item %+v", it)
		}
		got = append(got, it.Author.RemoteID)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got %d requesters, want %d", len(got), len(want))
	}
	pages := 0
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/follow_requests" {
			pages++
			if m := r.Query.Get("max_id"); m != "" && slices.Contains(want, m) {
				t.Errorf("paged by an account ID (%s), not the Link header's", m)
			}
		}
	}
	if pages != 3 {
		t.Errorf("%d pages read for 170 requests", pages)
	}
}
