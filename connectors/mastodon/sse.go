package mastodon

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// Server-Sent Events, as the HTML standard reads them
// (https://html.spec.whatwg.org/multipage/server-sent-events.html):
// lines end with CRLF, LF or CR; a line starting with a colon is a
// comment (Mastodon's :thump heartbeat); "field: value" sets a field, one
// space after the colon dropped; data lines add up, joined by LF; a blank
// line dispatches the event, unless it has no data.

// maxEventSize bounds one event (its fields and data): the stream as a
// whole has no end, but no event of Mastodon's comes near this.
const maxEventSize = 1 << 20

// errEventTooLarge is returned for an event larger than maxEventSize.
var errEventTooLarge = errors.New("an event of the stream is too large")

// sseEvent is one event of a stream.
type sseEvent struct {
	// Type is the event's name; "message" when it gave none.
	Type string
	Data string
	// ID is the last event ID the stream has set, as of this event.
	ID string
}

// sseReader reads events from a stream.
type sseReader struct {
	r   *bufio.Reader
	max int
	// started is set once the byte order mark, if any, is skipped.
	started bool
	// afterCR is set when the last line ended with CR: a LF right after
	// it ends no other line.
	afterCR bool
	line    []byte

	lastID string
	// retry is the reconnection time the server asked for, if any.
	retry time.Duration
}

// newSSEReader reads events of at most max bytes from r; zero is
// maxEventSize.
func newSSEReader(r io.Reader, max int) *sseReader {
	if max <= 0 {
		max = maxEventSize
	}
	return &sseReader{r: bufio.NewReader(r), max: max}
}

// Next returns the next event. At the end of the stream it returns
// io.EOF, and an event not ended by a blank line is dropped, as the
// standard says.
func (s *sseReader) Next() (sseEvent, error) {
	var typ string
	var data bytes.Buffer
	hasData := false
	for {
		line, err := s.readLine(s.max - data.Len() - len(typ))
		if err != nil {
			return sseEvent{}, err
		}
		if len(line) == 0 {
			if !hasData {
				typ = ""
				continue
			}
			if typ == "" {
				typ = "message"
			}
			d := data.Bytes()
			return sseEvent{Type: typ, Data: string(d[:len(d)-1]), ID: s.lastID}, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := bytes.Cut(line, []byte{':'})
		if found {
			value = bytes.TrimPrefix(value, []byte{' '})
		}
		switch string(field) {
		case "event":
			typ = string(value)
		case "data":
			data.Write(value)
			data.WriteByte('\n')
			hasData = true
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				s.lastID = string(value)
			}
		case "retry":
			if isDigits(value) {
				if ms, err := strconv.ParseInt(string(value), 10, 64); err == nil && ms < int64(time.Hour/time.Millisecond) {
					s.retry = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
}

// readLine returns the next line without its end, of at most limit
// bytes. The slice is valid until the next call.
func (s *sseReader) readLine(limit int) ([]byte, error) {
	if !s.started {
		s.started = true
		// Only a stream whose first byte is the mark's first (0xEF)
		// waits for two more to tell.
		if b, err := s.r.Peek(1); err == nil && b[0] == 0xEF {
			if b, err := s.r.Peek(3); err == nil && string(b) == "\uFEFF" {
				s.r.Discard(3)
			}
		}
	}
	s.line = s.line[:0]
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return nil, err
		}
		if s.afterCR {
			s.afterCR = false
			if c == '\n' {
				continue
			}
		}
		switch c {
		case '\n':
			return s.line, nil
		case '\r':
			s.afterCR = true
			return s.line, nil
		}
		if len(s.line) >= limit {
			return nil, errEventTooLarge
		}
		s.line = append(s.line, c)
	}
}

func isDigits(b []byte) bool {
	return len(b) > 0 && strings.Trim(string(b), "0123456789") == ""
}
