package instagram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/imagefit"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// ErrNoKey is returned by Publish for a post without its attempt key.
var ErrNoKey = errors.New("instagram: a post needs its attempt key")

// ErrQuotaReached is the daily publishing limit.
var ErrQuotaReached = errors.New("the account has published as many posts as Instagram allows apps in 24 hours")

// ErrContainer is a container Instagram could not make into a post: its
// status_code is ERROR (an image it could not process) or EXPIRED.
var ErrContainer = errors.New("Instagram could not prepare the post")

// StepContainer names the step Publish records (app.Outgoing.Steps):
// the ID of the container (the carousel's, for a carousel) made for the
// attempt, published by the next try rather than made again.
const StepContainer = "instagram.container"

// maxImage is Instagram's limit on an image.
const maxImage = 8 << 20

// Publish posts o: a comment when it replies (POST /{media-id}/comments,
// or /{comment-id}/replies under a comment), else in Instagram's two
// steps — a container (an IMAGE, or a CAROUSEL of up to 10 image items,
// each with its alt text), waited for until its status_code is FINISHED,
// then media_publish, whose media ID is the post's. The daily publishing
// limit is read first, and a full one is said plainly (ErrQuotaReached)
// before any container is made.
func (c *Connector) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if o.Key == "" {
		return app.Published{}, ErrNoKey
	}
	if err := ctx.Err(); err != nil {
		return app.Published{}, err
	}
	if o.ReplyTo != nil && o.ReplyTo.ID != "" {
		return c.comment(ctx, o)
	}
	if len(o.Media) == 0 {
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: app.ErrNeedsImage}
	}
	if n := c.limits.Media.Count; len(o.Media) > n {
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: fmt.Errorf("a carousel takes at most %d images", n)}
	}
	uid, _, err := c.me(ctx)
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
		st, _, err := c.containerStatus(ctx, container)
		switch {
		case err != nil:
			return app.Published{}, err
		case st == metapub.Published:
			return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailServer,
				Err: fmt.Errorf("container %s is published, but the post is not among the account's yet", container)}
		case st != metapub.Finished && st != metapub.InProgress:
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
	err = c.g.Call(ctx, http.MethodPost, "/"+esc(uid)+"/media_publish", url.Values{"creation_id": {container}}, &created)
	if err != nil {
		if metapub.MayHaveGone(err) {
			c.ledger.Unsure(o.Key)
		}
		return app.Published{}, fmt.Errorf("instagram: publishing container %s: %w", container, err)
	}
	if created.ID == "" {
		c.ledger.Unsure(o.Key)
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailServer, Status: 200, Err: errors.New("media_publish answered no media ID")}
	}
	pub := app.Published{Ref: app.RemoteRef{ID: created.ID}, At: c.d.now().UTC()}
	// The post is made: a failed read of its address leaves it without
	// one rather than failing a post that went out.
	var m mediaObject
	if err := c.g.Call(ctx, http.MethodGet, "/"+esc(created.ID), url.Values{"fields": {"id,permalink,timestamp"}}, &m); err == nil {
		pub.URL = m.Permalink
		if at, err := metapub.ParseTime(m.Timestamp); err == nil {
			pub.At = at
		}
	}
	c.ledger.Settled(o.Key, pub)
	return pub, nil
}

// checkQuota reads the daily publishing limit and refuses when it is
// reached, with how long until a post leaves the 24 hours.
func (c *Connector) checkQuota(ctx context.Context, uid string) error {
	l, err := metapub.ReadPublishingLimit(ctx, c.g, "/"+esc(uid)+"/content_publishing_limit")
	if err != nil {
		return fmt.Errorf("instagram: reading the publishing limit: %w", err)
	}
	if !l.Full() {
		return nil
	}
	now := c.d.now()
	var oldest time.Time
	complete, err := c.eachMedia(ctx, uid, now.Add(-l.Window), func(m *mediaObject) bool {
		if t, err := metapub.ParseTime(m.Timestamp); err == nil && (oldest.IsZero() || t.Before(oldest)) {
			oldest = t
		}
		return true
	})
	if err != nil || !complete {
		oldest = time.Time{} // not known: wait an hour
	}
	return l.Refusal(app.Instagram, now, oldest, ErrQuotaReached)
}

// makeContainer stages the images and makes the post's container; it
// returns the container's ID and what deletes the staged images once the
// post is out (or given up).
func (c *Connector) makeContainer(ctx context.Context, uid string, o app.Outgoing) (string, func(), error) {
	var removes []func(context.Context) error
	cleanup := func() {
		for _, rm := range removes {
			rm(context.WithoutCancel(ctx))
		}
	}
	item := func(i int, a app.Attachment, carousel bool) (url.Values, error) {
		u, rm, err := c.stage(ctx, i, a, o.ImageFit)
		if rm != nil {
			removes = append(removes, rm)
		}
		if err != nil {
			return nil, err
		}
		v := url.Values{"image_url": {u}}
		if carousel {
			v.Set("is_carousel_item", "true")
		}
		if a.Alt != "" {
			v.Set("alt_text", a.Alt)
		}
		return v, nil
	}
	if len(o.Media) == 1 {
		params, err := item(0, o.Media[0], false)
		if err != nil {
			return "", cleanup, err
		}
		if o.Text != "" {
			params.Set("caption", o.Text)
		}
		id, err := c.createContainer(ctx, uid, params)
		return id, cleanup, err
	}
	var children []string
	for i, a := range o.Media {
		params, err := item(i, a, true)
		if err != nil {
			return "", cleanup, err
		}
		id, err := c.createContainer(ctx, uid, params)
		if err == nil {
			err = c.waitContainer(ctx, id)
		}
		if err != nil {
			return "", cleanup, fmt.Errorf("instagram: image %d: %w", i+1, err)
		}
		children = append(children, id)
	}
	params := url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(children, ",")}}
	if o.Text != "" {
		params.Set("caption", o.Text)
	}
	id, err := c.createContainer(ctx, uid, params)
	return id, cleanup, err
}

func (c *Connector) createContainer(ctx context.Context, uid string, params url.Values) (string, error) {
	var created struct {
		ID string `json:"id"`
	}
	if err := c.g.Call(ctx, http.MethodPost, "/"+esc(uid)+"/media", params, &created); err != nil {
		return "", fmt.Errorf("instagram: making the post's container: %w", err)
	}
	if created.ID == "" {
		return "", &app.NetError{Network: app.Instagram, Kind: app.FailServer, Status: 200, Err: errors.New("the container has no ID")}
	}
	return created.ID, nil
}

// stage makes the i-th image a JPEG Instagram takes (converted, cropped
// or padded as the user consented: imagefit) and puts it at a public
// address through the media host.
func (c *Connector) stage(ctx context.Context, i int, a app.Attachment, fit app.ImageFit) (string, func(context.Context) error, error) {
	refuse := func(err error) (string, func(context.Context) error, error) {
		return "", nil, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: err}
	}
	if c.d.Media == nil {
		return refuse(ErrNoMediaHost)
	}
	if a.Open == nil {
		return "", nil, fmt.Errorf("instagram: image %d has nothing to read", i+1)
	}
	rc, err := a.Open()
	if err != nil {
		return "", nil, fmt.Errorf("instagram: reading image %d: %w", i+1, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, app.MaxMediaSize+1))
	rc.Close()
	if err != nil {
		return "", nil, fmt.Errorf("instagram: reading image %d: %w", i+1, err)
	}
	lo, hi := app.Instagram.AspectRange()
	res, err := imagefit.JPEG(data, fit, lo, hi)
	if err != nil {
		return refuse(fmt.Errorf("image %d: %w", i+1, err))
	}
	if len(res.Data) > maxImage {
		return refuse(fmt.Errorf("image %d is larger than the 8 MB Instagram takes, even as JPEG", i+1))
	}
	name := a.Name
	if name == "" {
		name = "image-" + strconv.Itoa(i+1)
	}
	name = strings.TrimSuffix(name, path.Ext(name)) + ".jpg"
	u, rm, err := c.d.Media.Stage(ctx, name, "image/jpeg", bytes.NewReader(res.Data), int64(len(res.Data)))
	if errors.Is(err, app.ErrNoMediaStorage) {
		return refuse(ErrNoMediaHost)
	}
	if err != nil {
		return "", rm, fmt.Errorf("instagram: putting image %d in the media storage: %w", i+1, err)
	}
	return u, rm, nil
}

// containerStatus reads a container's status_code and Meta's words
// (status).
func (c *Connector) containerStatus(ctx context.Context, id string) (string, string, error) {
	var st struct {
		Code   string `json:"status_code"`
		Status string `json:"status"`
	}
	if err := c.g.Call(ctx, http.MethodGet, "/"+esc(id), url.Values{"fields": {"status_code,status"}}, &st); err != nil {
		return "", "", fmt.Errorf("instagram: reading the status of container %s: %w", id, err)
	}
	return st.Code, st.Status, nil
}

func (c *Connector) waitContainer(ctx context.Context, id string) error {
	return metapub.Waiter{Network: app.Instagram, Limit: c.d.ContainerWait, Poll: c.d.ContainerPoll, Sleep: c.d.Sleep,
		Refused: ErrContainer, Status: c.containerStatus}.Wait(ctx, id)
}

// mediaObject is an Instagram media, as lists and reads answer it.
type mediaObject struct {
	ID            string `json:"id"`
	Caption       string `json:"caption"`
	MediaType     string `json:"media_type"`
	Permalink     string `json:"permalink"`
	Timestamp     string `json:"timestamp"`
	Username      string `json:"username"`
	LikeCount     *int   `json:"like_count"`
	CommentsCount *int   `json:"comments_count"`
}

// Find's bounds.
const (
	findClockSkew = 5 * time.Minute
	findPageSize  = 100
	findMaxPages  = 20
)

const mediaFields = "id,caption,media_type,permalink,timestamp,username"

// eachMedia calls fn with each of the account's media since a time,
// newest first (see metapub.Each).
func (c *Connector) eachMedia(ctx context.Context, uid string, since time.Time, fn func(*mediaObject) bool) (bool, error) {
	q := url.Values{"fields": {mediaFields}, "limit": {strconv.Itoa(findPageSize)}}
	if !since.IsZero() {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	return metapub.Each(ctx, c.g, "/"+esc(uid)+"/media", q, findMaxPages, fn)
}

// Find looks for the post o made since its key was chosen: among the
// account's media (the same caption, an image or a carousel), or, for a
// comment, among the comments it answers (the same text, by the
// account). It reads every page back to that time, and answers "not
// there" only after reading them all.
func (c *Connector) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	since, ok := app.AttemptKeyTime(o.Key)
	if !ok {
		return app.Published{}, false, fmt.Errorf("instagram: %w: the key %q holds no time", metapub.ErrFindIncomplete, o.Key)
	}
	since = since.Add(-findClockSkew)
	uid, username, err := c.me(ctx)
	if err != nil {
		return app.Published{}, false, err
	}
	want := metapub.Comparable(o.Text)
	var pub app.Published
	found := false
	var complete bool
	if o.ReplyTo != nil && o.ReplyTo.ID != "" {
		p, root := commentPath(*o.ReplyTo)
		q := url.Values{"fields": {"id,text,username,timestamp"}, "limit": {"50"}}
		complete, err = metapub.Each(ctx, c.g, p, q, findMaxPages, func(cm *commentObject) bool {
			at, err := metapub.ParseTime(cm.Timestamp)
			if err != nil || at.Before(since) || cm.Username != username || metapub.Comparable(cm.Text) != want {
				return true
			}
			pub, found = app.Published{Ref: app.RemoteRef{ID: cm.ID, Root: root}, At: at}, true
			return false
		})
	} else {
		kind := "IMAGE"
		if len(o.Media) > 1 {
			kind = "CAROUSEL_ALBUM"
		}
		complete, err = c.eachMedia(ctx, uid, since, func(m *mediaObject) bool {
			if metapub.Comparable(m.Caption) != want || (m.MediaType != "" && m.MediaType != kind) {
				return true
			}
			at, _ := metapub.ParseTime(m.Timestamp)
			pub, found = app.Published{Ref: app.RemoteRef{ID: m.ID}, URL: m.Permalink, At: at}, true
			return false
		})
	}
	if err != nil {
		return app.Published{}, false, fmt.Errorf("instagram: looking for the post among the account's: %w", err)
	}
	if found {
		c.ledger.Settled(o.Key, pub)
		return pub, true, nil
	}
	if !complete {
		return app.Published{}, false, fmt.Errorf("instagram: %w", metapub.ErrFindIncomplete)
	}
	c.ledger.Absent(o.Key)
	return app.Published{}, false, nil
}

// commentPath is where a comment answering ref goes: the media's
// comments for a media (a ref without Root), the comment's replies for a
// comment; and the media the comment is under.
func commentPath(ref app.RemoteRef) (string, *app.RemoteRef) {
	if ref.Root == nil {
		return "/" + esc(ref.ID) + "/comments", &app.RemoteRef{ID: ref.ID}
	}
	return "/" + esc(ref.ID) + "/replies", ref.Root
}

// comment answers a media or a comment (see commentPath), once per key.
func (c *Connector) comment(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if strings.TrimSpace(o.Text) == "" {
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: errors.New("a comment needs a text")}
	}
	if len(o.Media) > 0 {
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailRejected, Err: errors.New("a comment on Instagram takes no image")}
	}
	if pub, out, _, err := c.ledger.Begin(ctx, o.Key, func(ctx context.Context) (app.Published, bool, error) { return c.Find(ctx, o) }); out || err != nil {
		return pub, err
	}
	if _, _, err := c.me(ctx); err != nil {
		return app.Published{}, err
	}
	p, root := commentPath(*o.ReplyTo)
	var created struct {
		ID string `json:"id"`
	}
	if err := c.g.Call(ctx, http.MethodPost, p, url.Values{"message": {o.Text}}, &created); err != nil {
		if metapub.MayHaveGone(err) {
			c.ledger.Unsure(o.Key)
		}
		return app.Published{}, fmt.Errorf("instagram: answering %s: %w", o.ReplyTo.ID, err)
	}
	if created.ID == "" {
		c.ledger.Unsure(o.Key)
		return app.Published{}, &app.NetError{Network: app.Instagram, Kind: app.FailServer, Status: 200, Err: errors.New("the comment has no ID")}
	}
	pub := app.Published{Ref: app.RemoteRef{ID: created.ID, Root: root}, At: c.d.now().UTC()}
	c.ledger.Settled(o.Key, pub)
	return pub, nil
}

// PublishingQuota reads the account's publishing limit (content_publishing_limit) and
// how much of it the account has used, for a post being scheduled
// (app.QuotaReader).
func (c *Connector) PublishingQuota(ctx context.Context) (app.Quota, error) {
	uid, _, err := c.me(ctx)
	if err != nil {
		return app.Quota{}, err
	}
	l, err := metapub.ReadPublishingLimit(ctx, c.g, "/"+esc(uid)+"/content_publishing_limit")
	if err != nil {
		return app.Quota{}, fmt.Errorf("instagram: reading the publishing limit: %w", err)
	}
	return app.Quota{Used: l.Usage, Total: l.Total, Window: l.Window}, nil
}
