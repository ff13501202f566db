package mastodontest

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// streamWebSocket serves GET /api/v1/streaming?stream=user upgraded to a
// WebSocket, until the client goes, CloseStreams or StallStreams.
func (s *Server) streamWebSocket(w http.ResponseWriter, r *http.Request) {
	// GoToSocial and Mastodon read the whole header as the token.
	offered := r.Header.Get("Sec-WebSocket-Protocol")
	var fromProtocol bool
	authorized := s.recordAs(r, func(token string) bool {
		fromProtocol = offered == token
		fromHeader := s.streaming == StreamBoth && r.Header.Get("Authorization") == "Bearer "+token
		return fromProtocol || r.URL.Query().Get("access_token") == token || fromHeader
	})
	s.mu.Lock()
	mode, heartbeat, stopped := s.streaming, s.heartbeat, s.stopped
	s.mu.Unlock()
	switch {
	case stopped:
		writeJSON(w, http.StatusServiceUnavailable, nil, jsonError{Error: "The server is shutting down"})
		return
	case mode == StreamSSE:
		// The upgrade did not come through: a plain GET.
		writeJSON(w, http.StatusBadRequest, nil, jsonError{Error: "websocket: the client is not using the websocket protocol"})
		return
	case !mode.webSocket():
		writeJSON(w, http.StatusNotFound, nil, jsonError{Error: "Record not found"})
		return
	case !authorized:
		writeJSON(w, http.StatusUnauthorized, nil, jsonError{Error: "The access token is invalid"})
		return
	case !slices.Contains([]string{"", "user"}, r.URL.Query().Get("stream")):
		writeJSON(w, http.StatusBadRequest, nil, jsonError{Error: "stream type not supported"})
		return
	}
	opts := &websocket.AcceptOptions{}
	if mode == StreamBoth && fromProtocol {
		// Mastodon's server chooses the first subprotocol offered;
		// GoToSocial's none.
		opts.Subprotocols = []string{offered}
	}
	hw := &hijacker{ResponseWriter: w}
	conn, err := websocket.Accept(hw, r, opts)
	if err != nil {
		return
	}
	defer conn.CloseNow()

	c := newStreamClient(hw.conn)
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	c.user = r.URL.Query().Get("stream") == "user"
	s.streams[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, c)
		s.mu.Unlock()
	}()

	// The reader answers the client's pings (coder/websocket does while
	// a read waits) and reads what it sends: Mastodon's server its
	// (un)subscriptions; GoToSocial's none that Relais sends (it knows
	// no hashtag stream, and says nothing).
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	gone := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(gone)
		for {
			_, data, err := conn.Read(ctx)
			if err != nil {
				return
			}
			if mode != StreamBoth {
				continue
			}
			s.mu.Lock()
			if answer := s.subscribeLocked(c, data); answer != "" {
				c.events = append(c.events, streamEvent{raw: answer})
				select {
				case c.wake <- struct{}{}:
				default:
				}
			}
			s.mu.Unlock()
		}
	}()
	var beat <-chan time.Time
	if heartbeat > 0 {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		beat = t.C
	}
	var pinging atomic.Bool
	for {
		select {
		case <-gone:
			return
		case <-c.done:
			if !hw.conn.stalled.Load() {
				conn.Close(websocket.StatusGoingAway, "the server is restarting")
			}
			return
		case <-c.stall:
			select {
			case <-gone:
			case <-c.done:
			}
			return
		case <-beat:
			// A ping, its pong not waited for (GoToSocial's way).
			if pinging.CompareAndSwap(false, true) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer pinging.Store(false)
					conn.Ping(ctx)
				}()
			}
		case <-c.wake:
			s.mu.Lock()
			events := c.events
			c.events = nil
			s.mu.Unlock()
			for _, e := range events {
				msg := []byte(e.raw)
				if e.raw == "" {
					stream := e.stream
					if stream == nil {
						stream = []string{"user"}
					}
					msg, _ = json.Marshal(map[string]any{"stream": stream, "event": e.name, "payload": e.payload})
				}
				if conn.Write(ctx, websocket.MessageText, msg) != nil {
					return
				}
			}
		}
	}
}

// hijacker hands coder/websocket the connection wrapped in a stallConn,
// so that StallStreams can silence it.
type hijacker struct {
	http.ResponseWriter
	conn *stallConn
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = &stallConn{Conn: c}
	// What the server already read stays in brw.Reader (coder/websocket
	// reads it first, then the connection it is given).
	return h.conn, bufio.NewReadWriter(brw.Reader, bufio.NewWriter(h.conn)), nil
}

// stallConn is a connection that, once stalled, drops what it reads and
// what is written to it, without a word.
type stallConn struct {
	net.Conn
	stalled atomic.Bool
}

func (c *stallConn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if err != nil || !c.stalled.Load() {
			return n, err
		}
	}
}

func (c *stallConn) Write(p []byte) (int, error) {
	if c.stalled.Load() {
		return len(p), nil
	}
	return c.Conn.Write(p)
}
