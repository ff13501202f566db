// Package metapub is what Instagram's and Threads' publishing share: both
// make a post in two steps, a media container then its publication, with
// no idempotency key, so both wait for a container to be ready (Waiter),
// and both settle a lost answer by reading the account's recent posts
// back to the time the attempt's key holds (app.AttemptKeyTime, Each,
// Comparable),
// whose times Meta writes its own way (ParseTime).
package metapub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"golang.org/x/text/unicode/norm"
)

// Defaults for a Waiter.
const (
	// DefaultWait bounds the wait for a container to be ready: Meta
	// advises looking about once a minute for no more than five.
	DefaultWait = 5 * time.Minute
	// DefaultPoll is the first pause between two looks at a container;
	// each pause is half as long again, up to MaxPoll.
	DefaultPoll = time.Second
	MaxPoll     = 30 * time.Second
)

// A container's states, as both APIs write them.
const (
	Finished   = "FINISHED"
	InProgress = "IN_PROGRESS"
	Failed     = "ERROR"
	Expired    = "EXPIRED"
	Published  = "PUBLISHED"
)

// Waiter waits for a container to be ready.
type Waiter struct {
	Network app.Network
	// Limit bounds the wait and Poll is the first pause (zero: the
	// defaults).
	Limit, Poll time.Duration
	// Sleep waits d, or until ctx ends; nil waits on the wall clock
	// (Sleep).
	Sleep func(ctx context.Context, d time.Duration) error
	// Status reads a container's state and Meta's words about it.
	Status func(ctx context.Context, id string) (state, message string, err error)
	// Refused is the network's error for a container it could not make
	// into a post, wrapped by the ERROR and EXPIRED failures.
	Refused error
}

// Wait waits until the container is FINISHED, looking again after
// growing pauses. ERROR and EXPIRED are said in plain words (refusals:
// the post as it is will not go; an image Meta could not fetch matches
// app.ErrMediaUnfetched); a container still IN_PROGRESS after
// Limit is the server's trouble, to try again later.
func (w Waiter) Wait(ctx context.Context, id string) error {
	wait, pause := w.Limit, w.Poll
	if wait <= 0 {
		wait = DefaultWait
	}
	if pause <= 0 {
		pause = DefaultPoll
	}
	sleep := w.Sleep
	if sleep == nil {
		sleep = Sleep
	}
	var waited time.Duration
	for {
		state, message, err := w.Status(ctx, id)
		if err != nil {
			return err
		}
		switch state {
		case Finished:
			return nil
		case Failed:
			err := fmt.Errorf("%w: container %s is in error", w.Refused, id)
			if x := graph.ExplainMessage(message); x != nil {
				err = fmt.Errorf("%w: %w", x, err)
			}
			return &app.NetError{Network: w.Network, Kind: app.FailRejected, Message: message, Err: err}
		case Expired:
			return &app.NetError{Network: w.Network, Kind: app.FailRejected, Message: message,
				Err: fmt.Errorf("%w: container %s expired (24 hours) before it was published", w.Refused, id)}
		case Published:
			return &app.NetError{Network: w.Network, Kind: app.FailRejected,
				Err: fmt.Errorf("%w: container %s is already published", w.Refused, id)}
		case InProgress, "":
		default:
			return &app.NetError{Network: w.Network, Kind: app.FailServer, Status: 200, Err: fmt.Errorf("container %s has an unknown status %q", id, state)}
		}
		if waited+pause > wait {
			return &app.NetError{Network: w.Network, Kind: app.FailServer,
				Err: fmt.Errorf("container %s was still in progress after %v", id, wait)}
		}
		if err := sleep(ctx, pause); err != nil {
			return err
		}
		waited += pause
		pause = min(pause*3/2, MaxPoll)
	}
}

// PublishingLimit is what Instagram's content_publishing_limit and
// Threads' threads_publishing_limit answer: how many posts the account
// published through the API in the window, of how many it may.
type PublishingLimit struct {
	Usage, Total int
	Window       time.Duration
}

// ReadPublishingLimit reads the publishing limit at path (GET
// /{user-id}/…_publishing_limit); a Total of zero is no limit told.
func ReadPublishingLimit(ctx context.Context, g *graph.Client, path string) (PublishingLimit, error) {
	var lim struct {
		Data []struct {
			Usage  int `json:"quota_usage"`
			Config struct {
				Total    int `json:"quota_total"`
				Duration int `json:"quota_duration"`
			} `json:"config"`
		} `json:"data"`
	}
	if err := g.Call(ctx, http.MethodGet, path, url.Values{"fields": {"quota_usage,config"}}, &lim); err != nil {
		return PublishingLimit{}, err
	}
	if len(lim.Data) == 0 {
		return PublishingLimit{}, nil
	}
	l := lim.Data[0]
	window := time.Duration(l.Config.Duration) * time.Second
	if window <= 0 {
		window = 24 * time.Hour
	}
	return PublishingLimit{Usage: l.Usage, Total: l.Config.Total, Window: window}, nil
}

// Full reports whether the limit leaves no post to publish.
func (l PublishingLimit) Full() bool { return l.Total > 0 && l.Usage >= l.Total }

// Refusal is the rate limit a full limit is, wrapping reached: its wait
// is until the oldest post of the window (oldest; zero when it could not
// be told, which waits an hour) leaves it, a minute at least.
func (l PublishingLimit) Refusal(network app.Network, now, oldest time.Time, reached error) error {
	wait := time.Hour
	if !oldest.IsZero() {
		wait = max(oldest.Add(l.Window).Sub(now), time.Minute)
	}
	return &app.NetError{Network: network, Kind: app.FailRateLimited, RetryAfter: wait,
		Message: fmt.Sprintf("%d of %d posts in %v used", l.Usage, l.Total, l.Window), Err: reached}
}

// OrderThread puts a thread's answers (every post after the first, its
// root) oldest first, by ID within a second, and focuses it on the post
// focus.
func OrderThread(t *app.Thread, focus string) {
	if len(t.Posts) > 1 {
		slices.SortStableFunc(t.Posts[1:], func(a, b app.ThreadPost) int {
			if d := a.At.Compare(b.At); d != 0 {
				return d
			}
			return CompareIDs(a.Ref.ID, b.Ref.ID)
		})
	}
	for i, p := range t.Posts {
		if p.Ref.ID == focus {
			t.Focus = i
		}
	}
}

// Sleep waits d on the wall clock, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ErrFindIncomplete is returned when the account's posts could not be
// read far enough back to tell whether a post was made.
var ErrFindIncomplete = errors.New("could not read far enough back to tell whether the post was made")

// Each calls fn with each item of a Graph list (GET path with q), page
// after page, until fn returns false or the list ends; it reports
// whether it read to the end (or was stopped by fn). It never reads more
// than maxPages pages: past them, or on a cursor that does not go on,
// the error wraps ErrFindIncomplete.
func Each[T any](ctx context.Context, g *graph.Client, path string, q url.Values, maxPages int, fn func(*T) bool) (bool, error) {
	q = cloneValues(q)
	seen := map[string]bool{}
	for range maxPages {
		var p struct {
			Data   []T          `json:"data"`
			Paging graph.Paging `json:"paging"`
		}
		if err := g.Call(ctx, http.MethodGet, path, q, &p); err != nil {
			return false, err
		}
		for i := range p.Data {
			if !fn(&p.Data[i]) {
				return true, nil
			}
		}
		after := p.Paging.Cursors.After
		if p.Paging.Next == "" || len(p.Data) == 0 {
			return true, nil
		}
		if after == "" || seen[after] {
			return false, fmt.Errorf("%w: the pages do not go on (cursor %q)", ErrFindIncomplete, after)
		}
		seen[after] = true
		q.Set("after", after)
	}
	return false, fmt.Errorf("%w: %d pages read", ErrFindIncomplete, maxPages)
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// Comparable is text as a post found is compared with the one sent: NFC,
// white space collapsed (Meta trims and folds it).
func Comparable(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// ParseTime reads a time as Meta writes it: 2026-12-01T09:30:00+0000
// (an offset without a colon), or RFC 3339.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339Nano, "2006-01-02T15:04:05.000-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time as Meta writes them", s)
}

// MediaHost puts an image at a public address Meta can fetch it from:
// Instagram and Threads take images by URL only. The app's media storage
// (app.MediaStager, an S3 bucket of the user's own) implements it.
type MediaHost interface {
	// Stage stores the image read from r and returns a short-lived
	// address for it, and what deletes it once the post is made.
	Stage(ctx context.Context, name, contentType string, r io.Reader, size int64) (url string, remove func(context.Context) error, err error)
}
