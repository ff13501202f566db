package bluesky_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
)

// clock is a clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// creds hold a secret as the keychain would, and count the renewals
// stored.
type creds struct {
	mu     sync.Mutex
	secret app.Secret
	stored int
}

func (c *creds) Secret(context.Context) (app.Secret, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.secret, nil
}

func (c *creds) SetSecret(_ context.Context, s app.Secret) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.secret = s
	c.stored++
	return nil
}

func (c *creds) get() (app.Secret, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.secret, c.stored
}

// env is a connector on a fake PDS, both on the same moved clock.
type env struct {
	fake  *blueskytest.Server
	conn  *bluesky.Connector
	creds *creds
	clock *clock
	dial  *bluesky.Dialer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fake := blueskytest.Start(t)
	clk := newClock()
	fake.SetNow(clk.Now)
	d := bluesky.NewDialer()
	d.Now = clk.Now
	acc, secret := fake.Account()
	e := &env{fake: fake, creds: &creds{secret: secret}, clock: clk, dial: d}
	e.conn = e.open(t, acc)
	return e
}

// open opens another connector on the env's credentials.
func (e *env) open(t *testing.T, acc app.Account) *bluesky.Connector {
	t.Helper()
	c, err := e.dial.Open(acc, e.creds)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return c.(*bluesky.Connector)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// record reads a record the fake holds into v.
func record(t *testing.T, fake *blueskytest.Server, uri string, v any) {
	t.Helper()
	raw := fake.Record(uri)
	if raw == nil {
		t.Fatalf("the fake holds no record %s", uri)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("record %s: %v", uri, err)
	}
}

// postJSON is a post record as the tests read it.
type postJSON struct {
	Type   string `json:"$type"`
	Text   string `json:"text"`
	Facets []struct {
		Index    bluesky.Index     `json:"index"`
		Features []bluesky.Feature `json:"features"`
	} `json:"facets"`
	Reply *struct {
		Root   refJSON `json:"root"`
		Parent refJSON `json:"parent"`
	} `json:"reply"`
	Embed *struct {
		Type   string `json:"$type"`
		Images []struct {
			Alt         string   `json:"alt"`
			Image       blobJSON `json:"image"`
			AspectRatio *struct {
				Width  int `json:"width"`
				Height int `json:"height"`
			} `json:"aspectRatio"`
		} `json:"images"`
		External *struct {
			URI         string    `json:"uri"`
			Title       string    `json:"title"`
			Description string    `json:"description"`
			Thumb       *blobJSON `json:"thumb"`
		} `json:"external"`
	} `json:"embed"`
	Langs     []string `json:"langs"`
	CreatedAt string   `json:"createdAt"`
}

type refJSON struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

type blobJSON struct {
	Type string `json:"$type"`
	Ref  struct {
		Link string `json:"$link"`
	} `json:"ref"`
	MimeType string `json:"mimeType"`
	Size     int    `json:"size"`
}
