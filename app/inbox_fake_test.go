package app

import (
	"context"
	"strconv"
	"time"
)

// The fake network's inbox: what Since reads, page by page, as Mastodon
// does (IDs that grow, a cursor that is the last ID read).

// fakePageSize is how many items one Since returns.
const fakePageSize = 40

// addItems appends items to the network's inbox, numbering them and
// dating those without a time a second apart.
func (f *fakeNet) addItems(items ...Item) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range items {
		f.inbox = append(f.inbox, it)
		it := &f.inbox[len(f.inbox)-1]
		if it.RemoteID == "" {
			it.RemoteID = strconv.Itoa(len(f.inbox))
		}
		if it.At.IsZero() {
			it.At = start.Add(time.Duration(len(f.inbox)) * time.Second)
		}
	}
}

func (c *fakeConn) Since(ctx context.Context, cursor string) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, err
	}
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.reads++
	if c.net.readFail != nil {
		return Page{}, c.net.readFail
	}
	from := 0
	if cursor != "" {
		from, _ = strconv.Atoi(cursor)
	} else if n := len(c.net.inbox); n > fakePageSize {
		from = n - fakePageSize // the latest page, as networks do
	}
	to := min(from+fakePageSize, len(c.net.inbox))
	page := Page{Items: append([]Item(nil), c.net.inbox[from:to]...), Cursor: strconv.Itoa(to), Changes: c.net.changes}
	c.net.changes = nil
	return page, nil
}

func (c *fakeConn) Thread(ctx context.Context, post RemoteRef) (Thread, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	t, ok := c.net.threads[post.ID]
	if !ok {
		return Thread{}, &NetError{Network: c.net.network, Kind: FailNotFound, Status: 404}
	}
	return t, nil
}

func (c *fakeConn) Like(ctx context.Context, post RemoteRef) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.likes = append(c.net.likes, post.ID)
	return nil
}

func (c *fakeConn) Boost(ctx context.Context, post RemoteRef) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.boosts = append(c.net.boosts, post.ID)
	return nil
}

func (c *fakeConn) MarkSeen(ctx context.Context, at time.Time) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.seenAt = at
	return nil
}

func (c *fakeConn) PostExists(ctx context.Context, post RemoteRef) (bool, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	c.net.checks++
	if c.net.readFail != nil {
		return false, c.net.readFail
	}
	return !c.net.gone[post.ID], nil
}

var (
	_ PostChecker  = (*fakeConn)(nil)
	_ Reader       = (*fakeConn)(nil)
	_ ThreadReader = (*fakeConn)(nil)
	_ Reactor      = (*fakeConn)(nil)
	_ SeenMarker   = (*fakeConn)(nil)
)

// Stream sends what the test puts in the network's stream channel; a
// network without one does not stream.
func (c *fakeConn) Stream(ctx context.Context, fn func(StreamEvent)) error {
	c.net.mu.Lock()
	events := c.net.stream
	c.net.mu.Unlock()
	if events == nil {
		return ErrNoStreaming
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-events:
			if !ok {
				return &NetError{Network: c.net.network, Kind: FailOffline}
			}
			fn(ev)
		}
	}
}
