package mastodontest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The streaming API (https://docs.joinmastodon.org/methods/streaming/),
// served as GoToSocial serves it by default: only over a WebSocket, GET
// /api/v1/streaming?stream=user upgraded, the token in the
// Sec-WebSocket-Protocol header (or, as GoToSocial also reads it, in the
// URL's access_token; never in the Authorization header, which GoToSocial
// does not read there on every version), not echoed back as the chosen
// subprotocol; each event a JSON text message
// {"stream":["user"],"event":…,"payload":"<JSON in a string>"}; a ping
// every heartbeat. GET /api/v1/streaming/user answers 404, as on
// GoToSocial.
//
// SetStreamingMode offers Mastodon's way instead (both transports; the
// WebSocket also reads the Authorization header and echoes the token as
// its subprotocol), Server-Sent Events only (a Mastodon behind a proxy
// that does not pass WebSocket upgrades: the upgrade arrives as a plain
// GET and gets a 400), or none. Over SSE, as Mastodon's streaming server
// does, a stream starts with the comment ":)", gets a ":thump" comment
// every heartbeat, and each event is "event: <name>\ndata: <payload>\n\n";
// the token must come in the Authorization header.
//
// The hashtag stream, as Mastodon serves it: over the WebSocket, a
// connection opened with no stream (or any) subscribes with a message
// {"type":"subscribe","stream":"hashtag","tag":"x"} (unsubscribe
// likewise), answered by nothing when it works and by
// {"error":"…","status":400} when not (no tag, an unknown stream); over
// SSE, GET /api/v1/streaming/hashtag?tag=x (400 without a tag). Each new
// public status with the tag is an "update" event, sent once per
// subscription it matches (a status with two followed tags comes twice),
// on the WebSocket as {"stream":["hashtag","x"],"event":"update",…}.
// GoToSocial, the default, reads a subscription's message and does
// nothing with a hashtag, without a word; its SSE answers 404.
// SetTagStreaming(false) makes a Mastodon-style server refuse hashtags
// (an error answering the subscription, 404 over SSE).
//
// The instance (v2's configuration.urls.streaming, v1's
// urls.streaming_api) names the server itself, with ws://, as the
// streaming server, or the address SetStreamingURL gives.

// DefaultHeartbeat is how often a stream gets a heartbeat (a ping, or a
// ":thump" comment), as Mastodon's streaming server sends them.
const DefaultHeartbeat = 15 * time.Second

// Streaming is how the server offers its streaming API.
type Streaming int

const (
	// StreamWebSocket is GoToSocial's: a WebSocket only (the default).
	StreamWebSocket Streaming = iota
	// StreamBoth is Mastodon's: a WebSocket and Server-Sent Events.
	StreamBoth
	// StreamSSE is Server-Sent Events only.
	StreamSSE
	// StreamNone is no streaming API: the instance names no streaming
	// server and /api/v1/streaming answers 404.
	StreamNone
)

func (m Streaming) String() string {
	switch m {
	case StreamWebSocket:
		return "WebSocket"
	case StreamBoth:
		return "WebSocket and SSE"
	case StreamSSE:
		return "SSE"
	}
	return "none"
}

func (m Streaming) webSocket() bool { return m == StreamWebSocket || m == StreamBoth }
func (m Streaming) sse() bool       { return m == StreamSSE || m == StreamBoth }

// streamEvent is an event waiting to be written; raw, a message written
// as it is instead. stream names it on a WebSocket (nil: ["user"]).
type streamEvent struct {
	name, payload, raw string
	stream             []string
}

// streamClient is an open stream.
type streamClient struct {
	events []streamEvent // guarded by Server.mu
	wake   chan struct{}
	done   chan struct{}
	// stall is closed by StallStreams; conn, a WebSocket's connection.
	stall   chan struct{}
	stalled bool // guarded by Server.mu
	conn    *stallConn
	// user is set for a client of the user stream; tags are the
	// hashtags it follows, lower-cased (guarded by Server.mu).
	user bool
	tags map[string]bool
}

// SetStreaming says whether the server has a streaming API: false is
// StreamNone, true the default StreamWebSocket.
func (s *Server) SetStreaming(ok bool) {
	if ok {
		s.SetStreamingMode(StreamWebSocket)
	} else {
		s.SetStreamingMode(StreamNone)
	}
}

// SetStreamingMode sets how the server streams from now on.
func (s *Server) SetStreamingMode(m Streaming) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streaming = m
}

// SetStreamingURL sets the streaming server the instance names (ws://…
// or wss://…); "" names the server itself.
func (s *Server) SetStreamingURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streamingURL = u
}

// SetHeartbeat sets how often the streams opened from now on get a ping
// (WebSocket) or a ":thump" comment (SSE); zero for never. A WebSocket
// still answers the client's pings.
func (s *Server) SetHeartbeat(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heartbeat = d
}

// Streams is how many streams are open: a test waits for its client's to
// open before making something happen.
func (s *Server) Streams() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.streams)
}

// StreamedTags are the hashtags the open streams follow, lower-cased,
// sorted, each once: a test waits for its client's subscriptions to be
// read before posting.
func (s *Server) StreamedTags() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for c := range s.streams {
		for t := range c.tags {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

// CloseStreams ends every open stream, as the server restarting would:
// their clients see the answer end, or the WebSocket closed (going away).
func (s *Server) CloseStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.streams {
		close(c.done)
		delete(s.streams, c)
	}
}

// StallStreams makes every open stream go silent both ways, its
// connection still open, as when the network between drops without a
// word: no event, no heartbeat, no answer to a ping, what the client
// sends dropped. Only the client's own time limit ends it.
func (s *Server) StallStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.streams {
		if !c.stalled {
			c.stalled = true
			close(c.stall)
			if c.conn != nil {
				c.conn.stalled.Store(true)
			}
		}
	}
}

// stopStreaming ends the open streams and refuses new ones, so that the
// HTTP server can close (it waits for every answer to end).
func (s *Server) stopStreaming() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.CloseStreams()
}

// pushLocked sends an event whose payload is v in JSON to the open
// streams. The caller holds s.mu.
func (s *Server) pushLocked(event string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	s.pushRawLocked(event, string(b))
}

// pushRawLocked sends an event with a payload of one line. The caller
// holds s.mu.
func (s *Server) pushRawLocked(event, payload string) {
	for c := range s.streams {
		if !c.user {
			continue
		}
		c.events = append(c.events, streamEvent{name: event, payload: payload})
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// pushTagsLocked sends a new status to the clients following one of its
// hashtags, once per hashtag followed, when it is public. The caller
// holds s.mu.
func (s *Server) pushTagsLocked(st *fakeStatus) {
	if !public(st) || len(s.streams) == 0 {
		return
	}
	var payload string
	for _, tag := range tagsOf(st.text) {
		for c := range s.streams {
			if !c.tags[tag] {
				continue
			}
			if payload == "" {
				b, err := json.Marshal(s.statusJSON(st))
				if err != nil {
					panic(err)
				}
				payload = string(b)
			}
			c.events = append(c.events, streamEvent{name: "update", payload: payload, stream: []string{"hashtag", tag}})
			select {
			case c.wake <- struct{}{}:
			default:
			}
		}
	}
}

// SetTagStreaming says whether a server streaming as Mastodon does
// (StreamBoth, StreamSSE) offers the hashtag stream (it does by
// default). GoToSocial's (StreamWebSocket) never does.
func (s *Server) SetTagStreaming(ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noTagStream = !ok
}

// subscribeLocked reads a message of a WebSocket client as Mastodon's
// streaming server does, and returns its answer ("" for none). The
// caller holds s.mu.
func (s *Server) subscribeLocked(c *streamClient, data []byte) string {
	var m struct {
		Type   string `json:"type"`
		Stream string `json:"stream"`
		Tag    string `json:"tag"`
	}
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	answer := func(msg string) string {
		b, _ := json.Marshal(map[string]any{"error": msg, "status": 400})
		return string(b)
	}
	switch {
	case m.Type != "subscribe" && m.Type != "unsubscribe":
		return ""
	case m.Stream == "user":
		c.user = m.Type == "subscribe"
		return ""
	case m.Stream != "hashtag" || s.noTagStream:
		return answer("Unknown stream type")
	case strings.TrimSpace(m.Tag) == "":
		return answer("Missing tag name parameter")
	}
	tag := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(m.Tag), "#"))
	if m.Type == "subscribe" {
		c.tags[tag] = true
	} else {
		delete(c.tags, tag)
	}
	return ""
}

// PushRaw sends msg as it is to the open streams: a text message over a
// WebSocket, bytes of the answer over SSE. A test sends what a client
// cannot read with it.
func (s *Server) PushRaw(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.streams {
		c.events = append(c.events, streamEvent{raw: msg})
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// urlsLocked is the instance's urls, with its streaming server under key
// when it has one. The caller holds s.mu.
func (s *Server) urlsLocked(key string) map[string]any {
	if s.streaming == StreamNone {
		return map[string]any{}
	}
	u := s.streamingURL
	if u == "" {
		u = "ws" + strings.TrimPrefix(s.url, "http")
	}
	return map[string]any{key: u}
}

// instanceV1 is the older GET /api/v1/instance, as far as a client looks
// for the streaming server in it.
func (s *Server) instanceV1(*http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return jsonReply(http.StatusOK, map[string]any{
		"uri":         s.host(),
		"title":       "Mastodon (fake)",
		"version":     "4.5.0",
		"description": "A fake Mastodon server for Relais's tests",
		"urls":        s.urlsLocked("streaming_api"),
		"languages":   []string{"fr", "en"},
	})
}

func (s *Server) streamHealth(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	s.mu.Lock()
	on := s.streaming.sse()
	s.mu.Unlock()
	if !on {
		writeJSON(w, http.StatusNotFound, nil, jsonError{Error: "Record not found"})
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, "OK")
}

// streamUser serves GET /api/v1/streaming/user until the client goes, or
// CloseStreams.
func (s *Server) streamUser(w http.ResponseWriter, r *http.Request) {
	s.serveSSE(w, r, func(c *streamClient) { c.user = true })
}

// streamHashtag serves GET /api/v1/streaming/hashtag?tag= as streamUser
// serves the user stream.
func (s *Server) streamHashtag(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	refused := s.noTagStream
	s.mu.Unlock()
	tag := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(r.URL.Query().Get("tag")), "#"))
	switch {
	case refused:
		s.record(r)
		writeJSON(w, http.StatusNotFound, nil, jsonError{Error: "Record not found"})
		return
	case tag == "":
		s.record(r)
		writeJSON(w, http.StatusBadRequest, nil, jsonError{Error: "Missing tag name parameter"})
		return
	}
	s.serveSSE(w, r, func(c *streamClient) { c.tags[tag] = true })
}

// serveSSE serves a stream of Server-Sent Events, subscribed as sub
// says, until the client goes, or CloseStreams.
func (s *Server) serveSSE(w http.ResponseWriter, r *http.Request, sub func(c *streamClient)) {
	authorized := s.record(r)
	s.mu.Lock()
	on, heartbeat, stopped := s.streaming.sse(), s.heartbeat, s.stopped
	s.mu.Unlock()
	switch {
	case stopped:
		writeJSON(w, http.StatusServiceUnavailable, nil, jsonError{Error: "The server is shutting down"})
		return
	case !on:
		writeJSON(w, http.StatusNotFound, nil, jsonError{Error: "Record not found"})
		return
	case !authorized:
		writeJSON(w, http.StatusUnauthorized, nil, jsonError{Error: "Invalid access token"})
		return
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := io.WriteString(w, ":)\n"); err != nil || rc.Flush() != nil {
		return
	}

	c := newStreamClient(nil)
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	sub(c)
	s.streams[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, c)
		s.mu.Unlock()
	}()
	var beat <-chan time.Time
	if heartbeat > 0 {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		beat = t.C
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.done:
			return
		case <-c.stall:
			// Silent until the client gives up.
			select {
			case <-r.Context().Done():
			case <-c.done:
			}
			return
		case <-beat:
			if _, err := io.WriteString(w, ":thump\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-c.wake:
			s.mu.Lock()
			events := c.events
			c.events = nil
			s.mu.Unlock()
			for _, e := range events {
				msg := e.raw
				if msg == "" {
					msg = "event: " + e.name + "\ndata: " + e.payload + "\n\n"
				}
				if _, err := io.WriteString(w, msg); err != nil {
					return
				}
			}
			if rc.Flush() != nil {
				return
			}
		}
	}
}

func newStreamClient(conn *stallConn) *streamClient {
	return &streamClient{wake: make(chan struct{}, 1), done: make(chan struct{}), stall: make(chan struct{}), conn: conn, tags: map[string]bool{}}
}
