package mastodontest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// The streaming API (https://docs.joinmastodon.org/methods/streaming/):
// GET /api/v1/streaming/user as Server-Sent Events, on the server itself
// (the instance names it as its streaming server, with ws://). As
// Mastodon's streaming server does, a stream starts with the comment
// ":)", gets a ":thump" comment every heartbeat, and each event is
// "event: <name>\ndata: <payload>\n\n". The token must come in the
// Authorization header.

// DefaultHeartbeat is how often a stream gets a heartbeat, as Mastodon's
// streaming server sends them.
const DefaultHeartbeat = 15 * time.Second

// streamClient is an open stream: the events waiting to be written.
type streamClient struct {
	events [][]byte // guarded by Server.mu
	wake   chan struct{}
	done   chan struct{}
}

// SetStreaming says whether the server has a streaming API. Without one,
// the instance names no streaming server and /api/v1/streaming/ answers
// 404, as a server whose streaming is not set up does.
func (s *Server) SetStreaming(ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streaming = ok
}

// SetHeartbeat sets how often the streams opened from now on get a
// ":thump" comment; zero for never (to let a client's idle limit end it).
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

// CloseStreams ends every open stream, as the server restarting would:
// their clients see the answer end.
func (s *Server) CloseStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.streams {
		close(c.done)
		delete(s.streams, c)
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
	msg := []byte("event: " + event + "\ndata: " + payload + "\n\n")
	for c := range s.streams {
		c.events = append(c.events, msg)
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// urlsLocked is the instance's urls, with its streaming server under key
// when it has one. The caller holds s.mu.
func (s *Server) urlsLocked(key string) map[string]any {
	if !s.streaming {
		return map[string]any{}
	}
	return map[string]any{key: "ws" + strings.TrimPrefix(s.url, "http")}
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
	on := s.streaming
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
	authorized := s.record(r)
	s.mu.Lock()
	on, heartbeat, stopped := s.streaming, s.heartbeat, s.stopped
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

	c := &streamClient{wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
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
				if _, err := w.Write(e); err != nil {
					return
				}
			}
			if rc.Flush() != nil {
				return
			}
		}
	}
}
