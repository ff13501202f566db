package bluesky_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// ReadAvatar reads the avatar of an account a search found, as the
// impostors' comparison does: the image Bluesky's CDN serves, at most
// app.MaxAvatarSize bytes, over https (plain http on this machine only),
// a missing one an error.
func TestReadAvatar(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t)
	e.fake.SetProfile("maison-Iumen", "", time.Time{})
	own := append(conformance.PNG(), []byte("a look-alike's")...)
	e.fake.SetAvatar("maison-Iumen", own)
	accs, err := e.conn.SearchAccounts(ctx, "maison-Iumen", 5)
	if err != nil || len(accs) != 1 || accs[0].Avatar == "" {
		t.Fatalf("SearchAccounts: %+v %v", accs, err)
	}
	img, err := e.conn.ReadAvatar(ctx, accs[0].Avatar)
	if err != nil || !bytes.Equal(img, own) {
		t.Fatalf("ReadAvatar: %d bytes, %v; want the account's own %d", len(img), err, len(own))
	}

	// As large as allowed, then one byte more.
	e.fake.SetAvatar("maison-Iumen", make([]byte, app.MaxAvatarSize))
	if img, err := e.conn.ReadAvatar(ctx, accs[0].Avatar); err != nil || len(img) != app.MaxAvatarSize {
		t.Errorf("an avatar of the largest size: %d bytes, %v", len(img), err)
	}
	e.fake.SetAvatar("maison-Iumen", make([]byte, app.MaxAvatarSize+1))
	if img, err := e.conn.ReadAvatar(ctx, accs[0].Avatar); err == nil {
		t.Errorf("an avatar over app.MaxAvatarSize is read (%d bytes)", len(img))
	}
	// Taken away: the CDN answers 404.
	e.fake.SetAvatar("maison-Iumen", nil)
	if _, err := e.conn.ReadAvatar(ctx, accs[0].Avatar); err == nil {
		t.Error("a missing avatar is read")
	}

	// Plain http beyond this machine and other schemes are refused before
	// any request; https that a plain server answers fails.
	var hits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	t.Cleanup(plain.Close)
	for _, link := range []string{"http://cdn.bsky.app/img/avatar/plain/did:plc:x/y@jpeg", "ftp://cdn.bsky.app/a.png", "", "cdn.bsky.app/a.png"} {
		_, err := e.conn.ReadAvatar(ctx, link)
		var ne *app.NetError
		if !errors.As(err, &ne) || ne.Kind != app.FailRejected {
			t.Errorf("%q: %v, want it refused", link, err)
		}
	}
	if _, err := e.conn.ReadAvatar(ctx, "https://"+strings.TrimPrefix(plain.URL, "http://")+"/a.png"); err == nil {
		t.Error("https answered by a plain server is read")
	}
	if _, err := e.conn.ReadAvatar(ctx, plain.URL+"/missing.png"); err == nil || hits.Load() != 1 {
		t.Errorf("a loopback http avatar that is missing: %v, %d requests", err, hits.Load())
	}
}
