package mastodon_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// ReadAvatar reads the avatar of an account a search found, as the
// impostors' comparison does: the image its URL serves, at most
// app.MaxAvatarSize bytes, over https (plain http on this machine only),
// a missing one an error.
func TestReadAvatar(t *testing.T) {
	c, fake := open(t)
	fake.SetDisplayName("maison_iumen", "maison-Iumen")
	own := append(conformance.PNG(), []byte("a look-alike's")...)
	fake.SetAvatar("maison_iumen", own)
	accs, err := c.SearchAccounts(ctx(t), "maison_iumen", 5)
	if err != nil || len(accs) != 1 || accs[0].Avatar == "" {
		t.Fatalf("SearchAccounts: %+v %v", accs, err)
	}
	img, err := c.ReadAvatar(ctx(t), accs[0].Avatar)
	if err != nil || !bytes.Equal(img, own) {
		t.Fatalf("ReadAvatar: %d bytes, %v; want the account's own %d", len(img), err, len(own))
	}

	// As large as allowed, then one byte more.
	fake.SetAvatar("maison_iumen", make([]byte, app.MaxAvatarSize))
	if img, err := c.ReadAvatar(ctx(t), accs[0].Avatar); err != nil || len(img) != app.MaxAvatarSize {
		t.Errorf("an avatar of the largest size: %d bytes, %v", len(img), err)
	}
	fake.SetAvatar("maison_iumen", make([]byte, app.MaxAvatarSize+1))
	if img, err := c.ReadAvatar(ctx(t), accs[0].Avatar); err == nil {
		t.Errorf("an avatar over app.MaxAvatarSize is read (%d bytes)", len(img))
	}

	// Not found, plain http beyond this machine, other schemes, https
	// that a plain server answers.
	var hits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	t.Cleanup(plain.Close)
	for _, link := range []string{
		plain.URL + "/missing.png",
		"http://files.mastodon.example/avatar.png",
		"ftp://" + strings.TrimPrefix(plain.URL, "http://") + "/a.png",
		"https://" + strings.TrimPrefix(plain.URL, "http://") + "/a.png",
		"",
	} {
		if img, err := c.ReadAvatar(ctx(t), link); err == nil {
			t.Errorf("%q: %d bytes, want an error", link, len(img))
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the plain server was asked %d times; only the loopback http link should reach it", n)
	}
}
