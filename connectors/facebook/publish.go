package facebook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/meta/graph"
	"github.com/relais-app/relais/connectors/meta/metapub"
)

// ErrNoKey is returned by Publish for a post without its attempt key.
var ErrNoKey = errors.New("facebook: a post needs its attempt key")

// ErrOnePhotoPerComment is returned for a reply with more than one image:
// a comment takes one photo.
var ErrOnePhotoPerComment = errors.New("a Facebook comment takes one photo")

// maxImage bounds a photo read for upload: 10 MB, as Pages take.
const maxImage = 10 << 20

// Publish posts o: a reply is a comment on the post or comment answered
// (POST /{id}/comments, with one photo at most); a post is POST
// /{page-id}/feed, with the text's first link as its link, or its photos
// uploaded first, unpublished (POST /{page-id}/photos, the bytes in
// "source", the alt text in alt_text_custom) and attached with
// attached_media.
func (c *Connector) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if o.Key == "" {
		return app.Published{}, ErrNoKey
	}
	if err := ctx.Err(); err != nil {
		return app.Published{}, err
	}
	g, pageID, err := c.client(ctx)
	if err != nil {
		return app.Published{}, err
	}
	done, out, uploaded, err := c.ledger.Begin(ctx, o.Key, func(ctx context.Context) (app.Published, bool, error) { return c.Find(ctx, o) })
	if out || err != nil {
		return done, err
	}
	reply := o.ReplyTo != nil && o.ReplyTo.ID != ""
	if err := c.check(o, reply); err != nil {
		return app.Published{}, err
	}
	photos, err := c.upload(ctx, g, pageID, o, uploaded)
	if err != nil {
		return app.Published{}, err
	}
	params, path := url.Values{}, "/"+esc(pageID)+"/feed"
	if o.Text != "" {
		params.Set("message", o.Text)
	}
	switch {
	case reply:
		path = "/" + esc(o.ReplyTo.ID) + "/comments"
		if len(photos) == 1 {
			params.Set("attachment_id", photos[0])
		}
	case len(photos) > 0:
		for i, id := range photos {
			b, _ := json.Marshal(map[string]string{"media_fbid": id})
			params.Set("attached_media["+strconv.Itoa(i)+"]", string(b))
		}
	default:
		if links := app.FindLinks(o.Text); len(links) > 0 {
			params.Set("link", links[0].URI)
		}
	}
	var created struct {
		ID     string `json:"id"`
		PostID string `json:"post_id"`
	}
	if err := g.Call(ctx, http.MethodPost, path, params, &created); err != nil {
		if metapub.MayHaveGone(err) {
			c.ledger.Unsure(o.Key)
		}
		return app.Published{}, fmt.Errorf("facebook: publishing: %w", err)
	}
	if created.ID == "" {
		c.ledger.Unsure(o.Key)
		return app.Published{}, &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: 200, Err: errors.New("the post's answer has no ID")}
	}
	pub := app.Published{Ref: app.RemoteRef{ID: created.ID}, At: c.d.now().UTC()}
	// The post is made: a failed read of its address leaves it without
	// one rather than failing a post that went out.
	var obj object
	if err := g.Call(ctx, http.MethodGet, "/"+esc(created.ID), url.Values{"fields": {"id,permalink_url,created_time"}}, &obj); err == nil {
		pub.URL = obj.Permalink
		if at, err := ParseTime(obj.Created); err == nil {
			pub.At = at
		}
	}
	c.ledger.Settled(o.Key, pub)
	return pub, nil
}

// check refuses, before anything is sent, what a Page would refuse.
func (c *Connector) check(o app.Outgoing, reply bool) error {
	if strings.TrimSpace(o.Text) == "" && len(o.Media) == 0 {
		return &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: errors.New("a post needs a text or a photo")}
	}
	if n := app.Length(app.Facebook, o.Text); n > c.limits.MaxLength {
		return &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: fmt.Errorf("the text is %d characters long, more than the %d a Page takes", n, c.limits.MaxLength)}
	}
	if reply && len(o.Media) > 1 {
		return &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: ErrOnePhotoPerComment}
	}
	if n := c.limits.Media.Count; len(o.Media) > n {
		return &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: fmt.Errorf("a post takes at most %d photos", n)}
	}
	return nil
}

// upload uploads o's photos, unpublished, and returns their IDs; photos
// already uploaded for o's key by this connector (uploaded) are not
// uploaded again.
func (c *Connector) upload(ctx context.Context, g *graph.Client, pageID string, o app.Outgoing, uploaded []string) ([]string, error) {
	if len(o.Media) == 0 {
		return nil, nil
	}
	ids := append([]string(nil), uploaded...)
	for len(ids) < len(o.Media) {
		ids = append(ids, "")
	}
	for i, a := range o.Media {
		if ids[i] != "" {
			continue
		}
		id, err := c.uploadOne(ctx, g, pageID, i, a)
		if err != nil {
			return nil, err
		}
		ids[i] = id
		c.ledger.Made(o.Key, append([]string(nil), ids...))
	}
	return ids[:len(o.Media)], nil
}

func (c *Connector) uploadOne(ctx context.Context, g *graph.Client, pageID string, i int, a app.Attachment) (string, error) {
	if a.Size > maxImage {
		return "", &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: fmt.Errorf("image %d is larger than the 10 MB a Page takes", i+1)}
	}
	if a.Open == nil {
		return "", fmt.Errorf("facebook: image %d has nothing to read", i+1)
	}
	rc, err := a.Open()
	if err != nil {
		return "", fmt.Errorf("facebook: reading image %d: %w", i+1, err)
	}
	defer rc.Close()
	name := a.Name
	if name == "" {
		name = "image-" + strconv.Itoa(i+1)
	}
	typ := a.Type
	if typ == "" {
		typ = "application/octet-stream"
	}
	params := url.Values{"published": {"false"}}
	if alt := strings.TrimSpace(a.Alt); alt != "" {
		params.Set("alt_text_custom", alt)
	}
	var up struct {
		ID string `json:"id"`
	}
	if err := g.Upload(ctx, "/"+esc(pageID)+"/photos", params, "source", name, typ, io.LimitReader(rc, maxImage+1), &up); err != nil {
		return "", fmt.Errorf("facebook: uploading image %d: %w", i+1, err)
	}
	if up.ID == "" {
		return "", &app.NetError{Network: app.Facebook, Kind: app.FailServer, Status: 200, Err: fmt.Errorf("image %d's upload answered no ID", i+1)}
	}
	return up.ID, nil
}

// object is a post or a comment, as lists and reads answer it.
type object struct {
	ID        string `json:"id"`
	Message   string `json:"message"`
	Created   string `json:"created_time"`
	Updated   string `json:"updated_time"`
	Permalink string `json:"permalink_url"`
	From      *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"from"`
	Parent *struct {
		ID string `json:"id"`
	} `json:"parent"`
	Attachments *struct {
		Data []struct {
			MediaType string `json:"media_type"`
		} `json:"data"`
	} `json:"attachments"`
	Hidden bool `json:"is_hidden"`
}

// hasPhotos tells whether a post shows photos (one, or an album).
func (o *object) hasPhotos() bool {
	if o.Attachments == nil {
		return false
	}
	for _, a := range o.Attachments.Data {
		if a.MediaType == "photo" || a.MediaType == "album" {
			return true
		}
	}
	return false
}

// Find's bounds.
const (
	// findClockSkew is read further back than the key's time: Meta
	// dates a post from when its making began, on clocks not ours.
	findClockSkew = 5 * time.Minute
	findPageSize  = 100
	findMaxPages  = 20
)

// ErrFindIncomplete is returned by Find when it could not read far
// enough back to tell whether the post was made.
var ErrFindIncomplete = metapub.ErrFindIncomplete

// Fields read from lists.
const (
	postFields    = "id,message,created_time,updated_time,permalink_url,from,attachments{media_type}"
	commentFields = "id,message,created_time,permalink_url,from,parent{id},is_hidden"
)

// eachObject calls fn with each object of a list since a time, page
// after page, until fn returns false or the list ends; it reports
// whether it read to the end (or was stopped by fn). The list is read
// by its cursors, never by its "next" address, which holds the token.
func (c *Connector) eachObject(ctx context.Context, g *graph.Client, path string, q url.Values, since time.Time, fn func(*object) bool) (bool, error) {
	q.Set("limit", strconv.Itoa(findPageSize))
	if !since.IsZero() {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	return metapub.Each(ctx, g, path, q, findMaxPages, fn)
}

// Find looks among the Page's published posts (or, for a reply, the
// comments under the object answered) made since the attempt's key was
// chosen for the one o made: the same text, from the Page, with photos
// if o has some. It reads every page back to that time, and answers
// "not there" only after reading them all.
func (c *Connector) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	since, ok := app.AttemptKeyTime(o.Key)
	if !ok {
		return app.Published{}, false, fmt.Errorf("%w: the key %q holds no time", ErrFindIncomplete, o.Key)
	}
	g, pageID, err := c.client(ctx)
	if err != nil {
		return app.Published{}, false, err
	}
	from := since.Add(-findClockSkew)
	path, q := "/"+esc(pageID)+"/published_posts", url.Values{"fields": {postFields}}
	reply := o.ReplyTo != nil && o.ReplyTo.ID != ""
	if reply {
		path = "/" + esc(o.ReplyTo.ID) + "/comments"
		q = url.Values{"fields": {commentFields}, "filter": {"stream"}, "order": {"reverse_chronological"}}
	}
	want := comparable(o.Text)
	var found *object
	complete, err := c.eachObject(ctx, g, path, q, from, func(m *object) bool {
		if reply && (m.From == nil || m.From.ID != pageID) {
			return true
		}
		if comparable(m.Message) != want || !reply && m.hasPhotos() != (len(o.Media) > 0) {
			return true
		}
		found = m
		return false
	})
	if err != nil {
		return app.Published{}, false, fmt.Errorf("facebook: looking for the post among the Page's: %w", err)
	}
	if found != nil {
		at, _ := ParseTime(found.Created)
		pub := app.Published{Ref: app.RemoteRef{ID: found.ID}, URL: found.Permalink, At: at}
		c.ledger.Settled(o.Key, pub)
		return pub, true, nil
	}
	if !complete {
		return app.Published{}, false, fmt.Errorf("facebook: %w", ErrFindIncomplete)
	}
	c.ledger.Absent(o.Key)
	return app.Published{}, false, nil
}

// comparable is text as Find compares it: NFC, white space collapsed.
func comparable(s string) string { return metapub.Comparable(s) }

// ParseTime reads a time as Meta writes it: 2026-12-01T09:30:00+0000
// (an offset without a colon), or RFC 3339.
func ParseTime(s string) (time.Time, error) {
	t, err := metapub.ParseTime(s)
	if err != nil {
		return t, fmt.Errorf("facebook: %w", err)
	}
	return t, nil
}
