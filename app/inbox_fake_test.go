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

// requestFollow makes someone ask to follow the account: the request
// waits on the network, and its notification arrives in the inbox.
func (f *fakeNet) requestFollow(who Author, bio string, notify bool) {
	it := Item{Kind: ItemFollowRequest, Author: who, Text: bio}
	f.mu.Lock()
	if f.requests == nil {
		f.requests = make(map[string]Item)
	}
	f.requests[who.RemoteID] = Item{RemoteID: "request-" + who.RemoteID, Kind: ItemFollowRequest, Author: who, Text: bio}
	f.mu.Unlock()
	if notify {
		f.addItems(it)
	}
}

func (c *fakeConn) AcceptFollow(ctx context.Context, requester string) error {
	return c.answer(ctx, "accept", requester)
}

func (c *fakeConn) RejectFollow(ctx context.Context, requester string) error {
	return c.answer(ctx, "reject", requester)
}

func (c *fakeConn) answer(ctx context.Context, verb, requester string) error {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	if c.net.answerFail != nil {
		return c.net.answerFail
	}
	if _, ok := c.net.requests[requester]; !ok {
		return &NetError{Network: c.net.network, Kind: FailNotFound, Status: 404, Message: "Record not found"}
	}
	delete(c.net.requests, requester)
	c.net.answers = append(c.net.answers, verb+" "+requester)
	if c.net.answerLost {
		return &NetError{Network: c.net.network, Kind: FailOffline}
	}
	return nil
}

func (c *fakeConn) FollowRequests(ctx context.Context) ([]Item, bool, error) {
	c.net.mu.Lock()
	defer c.net.mu.Unlock()
	var out []Item
	for _, it := range c.net.requests {
		out = append(out, it)
	}
	return out, true, nil
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
	_ FollowAnswerer = (*fakeConn)(nil)
	_ PostChecker    = (*fakeConn)(nil)
	_ Reader         = (*fakeConn)(nil)
	_ ThreadReader   = (*fakeConn)(nil)
	_ Reactor        = (*fakeConn)(nil)
	_ SeenMarker     = (*fakeConn)(nil)
)

// Stream says it is open, then sends what the test puts in the network's
// stream channel until the test closes it (a drop); a network without one
// does not stream.
func (c *fakeConn) Stream(ctx context.Context, fn func(StreamEvent)) error {
	c.net.mu.Lock()
	events := c.net.stream
	c.net.mu.Unlock()
	if events == nil {
		return ErrNoStreaming
	}
	fn(StreamEvent{Opened: true})
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
