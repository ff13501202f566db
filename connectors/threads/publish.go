package threads

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// ErrNoKey is returned by Publish for a post without its attempt key.
var ErrNoKey = errors.New("threads: a post needs its attempt key")

// ErrQuotaReached is the publishing limit: 250 posts in 24 hours.
var ErrQuotaReached = errors.New("the account has published as many posts as Threads allows in 24 hours")

// ErrContainer is a container Threads could not make into a post: its
// status is ERROR (an image it could not fetch or read) or EXPIRED.
var ErrContainer = errors.New("Threads could not prepare the post")

// StepContainer names the step Publish records (app.Outgoing.Steps):
// the ID of the container made for the attempt, published by the next
// try rather than made again.
const StepContainer = "threads.container"

// maxImage bounds an image read for staging.
const maxImage = 8 << 20

// Publish posts o in Threads' two steps: a container (TEXT, IMAGE, or a
// CAROUSEL of image items, each with its alt text; reply_to_id for a
// reply), waited for until its status is FINISHED, then its publication
// (threads_publish), whose media ID is the post's. The publishing limit
// is read first, and a full quota is said plainly (ErrQuotaReached) with
// the wait until a post leaves the 24 hours.
func (c *Connector) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if o.Key == "" {
		return app.Published{}, ErrNoKey
	}
	if err := ctx.Err(); err != nil {
		return app.Published{}, err
	}
	uid, err := c.me(ctx)
	if err != nil {
		return app.Published{}, err
	}
	done, out, container, err := c.ledger.Begin(ctx, o.Key, func(ctx context.Context) (app.Published, bool, error) { return c.Find(ctx, o) })
	if out || err != nil {
		return done, err
	}
	if container == "" && o.Steps != nil {
		// Made by an earlier run, which crashed or lost the answer
		// before the post was: kept in the outbox journal.
		container = o.Steps.Step(StepContainer)
	}
	if container != "" {
		st, err := c.containerStatus(ctx, container)
		switch {
		case err != nil:
			return app.Published{}, err
		case st.Status == "PUBLISHED":
			return app.Published{}, &app.NetError{Network: app.Threads, Kind: app.FailServer,
				Err: fmt.Errorf("container %s is published, but the post is not among the account's yet", container)}
		case st.Status != "FINISHED" && st.Status != "IN_PROGRESS":
			container = "" // expired or failed: a new one
		}
	}
	if err := c.checkQuota(ctx, uid); err != nil {
		return app.Published{}, err
	}
	if container == "" {
		var cleanup func()
		container, cleanup, err = c.makeContainer(ctx, uid, o)
		defer cleanup()
		if err != nil {
			return app.Published{}, err
		}
		c.ledger.Made(o.Key, container)
		if o.Steps != nil {
			// Best effort: should the journal not take it, the container
			// is still remembered here, and a second one made after a
			// crash would only expire unpublished, never make a post.
			_ = o.Steps.RecordStep(ctx, StepContainer, container)
		}
	}
	if err := c.waitContainer(ctx, container); err != nil {
		return app.Published{}, err
	}
	var created struct {
		ID string `json:"id"`
	}
	err = c.call(ctx, http.MethodPost, "/"+esc(uid)+"/threads_publish", url.Values{"creation_id": {container}}, &created)
	if err != nil {
		if metapub.MayHaveGone(err) {
			c.ledger.Unsure(o.Key)
		}
		return app.Published{}, fmt.Errorf("threads: publishing container %s: %w", container, err)
	}
	if created.ID == "" {
		c.ledger.Unsure(o.Key)
		return app.Published{}, &app.NetError{Network: app.Threads, Kind: app.FailServer, Status: 200, Err: errors.New("threads_publish answered no media ID")}
	}
	pub := app.Published{Ref: app.RemoteRef{ID: created.ID}}
	// The post is made: a failed read of its address leaves it without
	// one rather than failing a post that went out.
	var m media
	if err := c.call(ctx, http.MethodGet, "/"+esc(created.ID), url.Values{"fields": {"id,permalink,timestamp"}}, &m); err == nil {
		pub.URL = m.Permalink
		pub.At, _ = ParseTime(m.Timestamp)
	}
	c.ledger.Settled(o.Key, pub)
	return pub, nil
}

// checkQuota reads the publishing limit (threads_publishing_limit) and
// refuses when it is reached, with how long until a post leaves it.
func (c *Connector) checkQuota(ctx context.Context, uid string) error {
	l, err := metapub.ReadPublishingLimit(ctx, c.g, "/"+esc(uid)+"/threads_publishing_limit")
	if err != nil {
		return fmt.Errorf("threads: reading the publishing limit: %w", err)
	}
	if !l.Full() {
		return nil
	}
	now := c.d.now()
	return l.Refusal(app.Threads, now, c.oldestPost(ctx, uid, now.Add(-l.Window)), ErrQuotaReached)
}

// oldestPost is the time of the account's oldest post since a time;
// zero when the posts cannot all be read.
func (c *Connector) oldestPost(ctx context.Context, uid string, since time.Time) time.Time {
	var oldest time.Time
	complete, err := c.eachPost(ctx, "/"+esc(uid)+"/threads", since, func(m *media) bool {
		if t, err := ParseTime(m.Timestamp); err == nil && (oldest.IsZero() || t.Before(oldest)) {
			oldest = t
		}
		return true
	})
	if err != nil || !complete {
		return time.Time{}
	}
	return oldest
}

// makeContainer makes the post's container and returns its ID, and what
// deletes the staged images once the post is out (or given up).
func (c *Connector) makeContainer(ctx context.Context, uid string, o app.Outgoing) (string, func(), error) {
	var removes []func(context.Context) error
	cleanup := func() {
		for _, rm := range removes {
			rm(context.WithoutCancel(ctx))
		}
	}
	params := url.Values{}
	if o.Text != "" {
		params.Set("text", o.Text)
	}
	if o.ReplyTo != nil && o.ReplyTo.ID != "" {
		params.Set("reply_to_id", o.ReplyTo.ID)
	}
	switch len(o.Media) {
	case 0:
		params.Set("media_type", "TEXT")
	case 1:
		u, rm, err := c.stage(ctx, 0, o.Media[0])
		if rm != nil {
			removes = append(removes, rm)
		}
		if err != nil {
			return "", cleanup, err
		}
		params.Set("media_type", "IMAGE")
		params.Set("image_url", u)
		if o.Media[0].Alt != "" {
			params.Set("alt_text", o.Media[0].Alt)
		}
	default:
		if n := c.limits.Media.Count; len(o.Media) > n {
			return "", cleanup, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Err: fmt.Errorf("a carousel takes at most %d images", n)}
		}
		var children []string
		for i, a := range o.Media {
			u, rm, err := c.stage(ctx, i, a)
			if rm != nil {
				removes = append(removes, rm)
			}
			if err != nil {
				return "", cleanup, err
			}
			item := url.Values{"media_type": {"IMAGE"}, "image_url": {u}, "is_carousel_item": {"true"}}
			if a.Alt != "" {
				item.Set("alt_text", a.Alt)
			}
			id, err := c.createContainer(ctx, uid, item)
			if err != nil {
				return "", cleanup, fmt.Errorf("threads: image %d: %w", i+1, err)
			}
			if err := c.waitContainer(ctx, id); err != nil {
				return "", cleanup, fmt.Errorf("threads: image %d: %w", i+1, err)
			}
			children = append(children, id)
		}
		params.Set("media_type", "CAROUSEL")
		params.Set("children", strings.Join(children, ","))
	}
	id, err := c.createContainer(ctx, uid, params)
	return id, cleanup, err
}

func (c *Connector) createContainer(ctx context.Context, uid string, params url.Values) (string, error) {
	var created struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "/"+esc(uid)+"/threads", params, &created); err != nil {
		return "", fmt.Errorf("threads: making the post's container: %w", err)
	}
	if created.ID == "" {
		return "", &app.NetError{Network: app.Threads, Kind: app.FailServer, Status: 200, Err: errors.New("the container has no ID")}
	}
	return created.ID, nil
}

// stage puts the i-th image at a public address through the media host.
func (c *Connector) stage(ctx context.Context, i int, a app.Attachment) (string, func(context.Context) error, error) {
	if c.d.Media == nil {
		return "", nil, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Err: ErrNoMediaHost}
	}
	if a.Type != "" && a.Type != "image/jpeg" && a.Type != "image/png" {
		return "", nil, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Err: fmt.Errorf("image %d is %s: Threads takes JPEG and PNG", i+1, a.Type)}
	}
	if a.Size > maxImage {
		return "", nil, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Err: fmt.Errorf("image %d is larger than the 8 MB Threads takes", i+1)}
	}
	if a.Open == nil {
		return "", nil, fmt.Errorf("threads: image %d has nothing to read", i+1)
	}
	rc, err := a.Open()
	if err != nil {
		return "", nil, fmt.Errorf("threads: reading image %d: %w", i+1, err)
	}
	defer rc.Close()
	name := a.Name
	if name == "" {
		name = "image-" + strconv.Itoa(i+1)
	}
	u, rm, err := c.d.Media.Stage(ctx, name, a.Type, io.LimitReader(rc, maxImage), a.Size)
	if errors.Is(err, app.ErrNoMediaStorage) {
		return "", nil, &app.NetError{Network: app.Threads, Kind: app.FailRejected, Err: ErrNoMediaHost}
	}
	if err != nil {
		return "", rm, fmt.Errorf("threads: putting image %d in the media storage: %w", i+1, err)
	}
	return u, rm, nil
}

// containerState is a container's status.
type containerState struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	ErrorMessage string `json:"error_message"`
}

func (c *Connector) containerStatus(ctx context.Context, id string) (containerState, error) {
	var st containerState
	err := c.call(ctx, http.MethodGet, "/"+esc(id), url.Values{"fields": {"status,error_message"}}, &st)
	if err != nil {
		return st, fmt.Errorf("threads: reading the status of container %s: %w", id, err)
	}
	return st, nil
}

// waitContainer waits until a container is FINISHED, looking again after
// growing pauses on the dialer's clock (see metapub.Waiter).
func (c *Connector) waitContainer(ctx context.Context, id string) error {
	return metapub.Waiter{Network: app.Threads, Limit: c.d.ContainerWait, Poll: c.d.ContainerPoll, Sleep: c.d.Sleep, Refused: ErrContainer,
		Status: func(ctx context.Context, id string) (string, string, error) {
			st, err := c.containerStatus(ctx, id)
			return st.Status, st.ErrorMessage, err
		}}.Wait(ctx, id)
}

// media is a Threads media object, as lists and reads answer it.
type media struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Username  string `json:"username"`
	Permalink string `json:"permalink"`
	Timestamp string `json:"timestamp"`
	MediaType string `json:"media_type"`
	IsReply   bool   `json:"is_reply"`
	RepliedTo *struct {
		ID string `json:"id"`
	} `json:"replied_to"`
	RootPost *struct {
		ID string `json:"id"`
	} `json:"root_post"`
	HideStatus string `json:"hide_status"`
}

// Find's bounds.
const (
	findClockSkew = 5 * time.Minute
	findPageSize  = 100
	findMaxPages  = 20
)

// ErrFindIncomplete is returned by Find when it could not read far
// enough back to tell whether the post was made.
var ErrFindIncomplete = metapub.ErrFindIncomplete

// listFields are the fields read from lists.
const listFields = "id,text,username,permalink,timestamp,media_type,is_reply,replied_to,root_post,hide_status"

// eachPost calls fn with each media of a list since a time, newest
// first, page after page, until fn returns false or the list ends; it
// reports whether it read to the end (or was stopped by fn).
func (c *Connector) eachPost(ctx context.Context, path string, since time.Time, fn func(*media) bool) (bool, error) {
	q := url.Values{"fields": {listFields}, "limit": {strconv.Itoa(findPageSize)}}
	if !since.IsZero() {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	return metapub.Each(ctx, c.g, path, q, findMaxPages, fn)
}

// Find looks among the account's posts (its threads, or its replies for
// a reply) made since the attempt's key was chosen for the one o made:
// the same text, the same reply, the same kind of media. It reads every
// page back to that time, and answers "not there" only after reading
// them all.
func (c *Connector) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	since, ok := app.AttemptKeyTime(o.Key)
	if !ok {
		return app.Published{}, false, fmt.Errorf("%w: the key %q holds no time", ErrFindIncomplete, o.Key)
	}
	uid, err := c.me(ctx)
	if err != nil {
		return app.Published{}, false, err
	}
	path, replyTo := "/"+esc(uid)+"/threads", ""
	if o.ReplyTo != nil && o.ReplyTo.ID != "" {
		path, replyTo = "/"+esc(uid)+"/replies", o.ReplyTo.ID
	}
	want, kind := comparable(o.Text), mediaKind(len(o.Media))
	var found *media
	complete, err := c.eachPost(ctx, path, since.Add(-findClockSkew), func(m *media) bool {
		if replyTo != "" && (m.RepliedTo == nil || m.RepliedTo.ID != replyTo) {
			return true
		}
		if comparable(m.Text) != want || (m.MediaType != "" && m.MediaType != kind) {
			return true
		}
		found = m
		return false
	})
	if err != nil {
		return app.Published{}, false, fmt.Errorf("threads: looking for the post among the account's: %w", err)
	}
	if found != nil {
		at, _ := ParseTime(found.Timestamp)
		pub := app.Published{Ref: app.RemoteRef{ID: found.ID}, URL: found.Permalink, At: at}
		c.ledger.Settled(o.Key, pub)
		return pub, true, nil
	}
	if !complete {
		return app.Published{}, false, ErrFindIncomplete
	}
	c.ledger.Absent(o.Key)
	return app.Published{}, false, nil
}

// mediaKind is the media_type a post with n images has.
func mediaKind(n int) string {
	switch n {
	case 0:
		return "TEXT_POST"
	case 1:
		return "IMAGE"
	}
	return "CAROUSEL_ALBUM"
}

// comparable is text as Find compares it: NFC, white space collapsed.
func comparable(s string) string { return metapub.Comparable(s) }

// ParseTime reads a time as Meta writes it: 2026-12-01T09:30:00+0000
// (an offset without a colon), or RFC 3339.
func ParseTime(s string) (time.Time, error) {
	t, err := metapub.ParseTime(s)
	if err != nil {
		return t, fmt.Errorf("threads: %w", err)
	}
	return t, nil
}

func esc(id string) string { return url.PathEscape(id) }

// PublishingQuota reads the account's publishing limit (threads_publishing_limit) and
// how much of it the account has used, for a post being scheduled
// (app.QuotaReader).
func (c *Connector) PublishingQuota(ctx context.Context) (app.Quota, error) {
	uid, err := c.me(ctx)
	if err != nil {
		return app.Quota{}, err
	}
	l, err := metapub.ReadPublishingLimit(ctx, c.g, "/"+esc(uid)+"/threads_publishing_limit")
	if err != nil {
		return app.Quota{}, fmt.Errorf("threads: reading the publishing limit: %w", err)
	}
	return app.Quota{Used: l.Usage, Total: l.Total, Window: l.Window}, nil
}
