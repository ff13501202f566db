package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
)

// The veille's hashtag stream (https://docs.joinmastodon.org/methods/streaming/#hashtag):
// over a WebSocket, one connection (GET /api/v1/streaming, upgraded, no
// stream named) and one message per hashtag,
//
//	{"type":"subscribe","stream":"hashtag","tag":"lumen"}
//
// answered by nothing when it works, by {"error":…,"status":…} when not;
// over Server-Sent Events, one connection per hashtag (GET
// /api/v1/streaming/hashtag?tag=lumen). Each "update" event is a public
// status with the hashtag, read as its timeline reads it.
//
// GoToSocial (v0.20) has no hashtag stream: its WebSocket takes the
// subscription without a word and never sends anything for it, and it
// has no Server-Sent Events. It is told by its instance, as for its text
// search, and not asked.

var _ monitor.TagStreamer = (*Connector)(nil)

// maxSSETags is the most hashtags streamed over Server-Sent Events, one
// connection each: a server that streams only so is not held open wider
// than this (its hashtags are then read on the schedule only).
const maxSSETags = 8

// errGoToSocialTagStream: GoToSocial streams no hashtag.
var errGoToSocialTagStream = fmt.Errorf("mastodon: GoToSocial: %w", monitor.ErrNoTagStream)

// StreamTags follows new public statuses with any of tags on the
// account's server, over the transports Stream uses (the one that worked
// last first), and calls fn with each, mapped as SearchPosts maps a
// timeline's (boosts and statuses without URI left out), until ctx ends
// or the stream stops, with the errors Stream gives. Once open, fn is
// first told so (Opened). A server without a hashtag stream gives an
// error wrapping monitor.ErrNoTagStream: GoToSocial at once, a server
// that refuses both transports or answers a subscription with an error
// as soon as it does. Over Server-Sent Events, more than maxSSETags
// hashtags are not streamed.
func (c *Connector) StreamTags(ctx context.Context, tags []string, fn func(monitor.TagEvent)) error {
	tags = normalTags(tags)
	if len(tags) == 0 {
		return errors.New("mastodon: no hashtag to stream")
	}
	gts, err := c.isGoToSocial(ctx)
	if err != nil {
		return err
	}
	if gts {
		return errGoToSocialTagStream
	}
	spec := &streamSpec{
		opened: func() { fn(monitor.TagEvent{Opened: true}) },
		event: func(ev sseEvent) error {
			if f, ok := c.tagEvent(ev); ok {
				fn(monitor.TagEvent{Found: &f})
			}
			return nil
		},
		answer: func(msg string, status int) error {
			return fmt.Errorf("mastodon: %w (the server answered the subscription: %d %s)", monitor.ErrNoTagStream, status, msg)
		},
	}
	for _, t := range tags {
		b, err := json.Marshal(map[string]string{"type": "subscribe", "stream": "hashtag", "tag": t})
		if err != nil {
			return fmt.Errorf("mastodon: %w", err)
		}
		spec.subscribe = append(spec.subscribe, b)
	}
	if len(tags) <= maxSSETags {
		for _, t := range tags {
			spec.sse = append(spec.sse, "/api/v1/streaming/hashtag?"+url.Values{"tag": {t}}.Encode())
		}
	}
	err = c.follow(ctx, spec)
	if errors.Is(err, app.ErrNoStreaming) {
		return fmt.Errorf("%w: %w", monitor.ErrNoTagStream, err)
	}
	return err
}

// tagEvent reads an event of the hashtag stream: a new status (update),
// as the hashtag's timeline gives it; false for anything else.
func (c *Connector) tagEvent(ev sseEvent) (monitor.Found, bool) {
	if ev.Type != "update" {
		return monitor.Found{}, false
	}
	var st status
	if json.Unmarshal([]byte(ev.Data), &st) != nil || st.ID == "" {
		return monitor.Found{}, false
	}
	page, _ := c.statusPage([]status{st}, "", time.Time{})
	if len(page.Found) == 0 {
		return monitor.Found{}, false
	}
	return page.Found[0], true
}

// normalTags are tags without # or blanks, each once (any case), in
// their order.
func normalTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		t = strings.TrimPrefix(strings.TrimSpace(t), "#")
		if t == "" || slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, t) }) {
			continue
		}
		out = append(out, t)
	}
	return out
}
