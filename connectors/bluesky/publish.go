package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
)

// The collections Relais writes.
const (
	postCollection   = "app.bsky.feed.post"
	likeCollection   = "app.bsky.feed.like"
	repostCollection = "app.bsky.feed.repost"
)

// maxPostsPerRequest is app.bsky.feed.getPosts's limit.
const maxPostsPerRequest = 25

// strongRef is com.atproto.repo.strongRef: a record and its content hash.
type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// replyRef is app.bsky.feed.post#replyRef.
type replyRef struct {
	Root   strongRef `json:"root"`
	Parent strongRef `json:"parent"`
}

// postRecord is an app.bsky.feed.post record.
type postRecord struct {
	Type      string    `json:"$type"`
	Text      string    `json:"text"`
	Facets    []Facet   `json:"facets,omitempty"`
	Reply     *replyRef `json:"reply,omitempty"`
	Embed     any       `json:"embed,omitempty"`
	Langs     []string  `json:"langs,omitempty"`
	CreatedAt string    `json:"createdAt"`
}

// subjectRecord is an app.bsky.feed.like or app.bsky.feed.repost record.
type subjectRecord struct {
	Type      string    `json:"$type"`
	Subject   strongRef `json:"subject"`
	CreatedAt string    `json:"createdAt"`
}

// recordView is what Relais reads of a record someone made: a post's text
// and thread, a like's or a repost's subject (a follow's is a DID).
type recordView struct {
	Text      string          `json:"text"`
	Reply     *replyRef       `json:"reply"`
	Subject   json.RawMessage `json:"subject"`
	Langs     []string        `json:"langs"`
	CreatedAt string          `json:"createdAt"`
}

// subject is a like's or a repost's subject; nil for another record.
func (r recordView) subject() *strongRef {
	var ref strongRef
	if json.Unmarshal(r.Subject, &ref) != nil || ref.URI == "" {
		return nil
	}
	return &ref
}

// imagesEmbed is app.bsky.embed.images.
type imagesEmbed struct {
	Type   string       `json:"$type"`
	Images []imageEmbed `json:"images"`
}

type imageEmbed struct {
	Image       json.RawMessage `json:"image"` // the blob ref uploadBlob returned
	Alt         string          `json:"alt"`
	AspectRatio *aspectRatio    `json:"aspectRatio,omitempty"`
}

type aspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

type createRecordInput struct {
	Repo       string `json:"repo"`
	Collection string `json:"collection"`
	Rkey       string `json:"rkey,omitempty"`
	Record     any    `json:"record"`
}

type createRecordOutput struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// postView is app.bsky.feed.defs#postView, as far as Relais reads it.
type postView struct {
	URI         string      `json:"uri"`
	CID         string      `json:"cid"`
	Author      profileView `json:"author"`
	Record      recordView  `json:"record"`
	LikeCount   int         `json:"likeCount"`
	RepostCount int         `json:"repostCount"`
	ReplyCount  int         `json:"replyCount"`
	QuoteCount  int         `json:"quoteCount"`
	IndexedAt   string      `json:"indexedAt"`
}

// ErrBadKey is returned for an Outgoing whose key is not a record key.
var ErrBadKey = errors.New("bluesky: the attempt's key is not a record key")

// Publish creates the post under the record key o.Key
// (com.atproto.repo.createRecord), with its facets, its images or else a
// card for its first link, and its place in a thread. Creating it again
// with the same key does not make a second post: when the record exists
// already, Publish returns it.
func (c *Connector) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if !validRecordKey(o.Key) {
		return app.Published{}, ErrBadKey
	}
	s, err := c.session(ctx)
	if err != nil {
		return app.Published{}, err
	}
	at := c.dialer.Now().UTC().Truncate(time.Millisecond)
	// encoding/json would replace invalid UTF-8, moving the facets'
	// byte offsets: replace it first.
	text := strings.ToValidUTF8(o.Text, "\uFFFD")
	rec := postRecord{
		Type:      postCollection,
		Text:      text,
		Facets:    Facets(ctx, text, func(ctx context.Context, handle string) (string, error) { return c.resolveHandle(ctx, s.pds, handle) }),
		CreatedAt: formatTime(at),
	}
	if o.Language != "" {
		rec.Langs = []string{o.Language}
	}
	var root *app.RemoteRef
	if o.ReplyTo != nil {
		if rec.Reply, err = c.replyRef(ctx, s, *o.ReplyTo); err != nil {
			return app.Published{}, err
		}
		root = &app.RemoteRef{ID: rec.Reply.Root.URI, CID: rec.Reply.Root.CID}
	}
	switch link := firstLink(rec.Facets); {
	case len(o.Media) > 0:
		if rec.Embed, err = c.images(ctx, s, o.Media); err != nil {
			return app.Published{}, err
		}
	case link != "":
		if card := c.card(ctx, s, link); card != nil {
			rec.Embed = card
		}
	}
	var out createRecordOutput
	in := createRecordInput{Repo: s.did, Collection: postCollection, Rkey: o.Key, Record: rec}
	if err := c.call(ctx, s, procedure("com.atproto.repo.createRecord", in), &out); err != nil {
		if mayExist(err) {
			if p, found, ferr := c.Find(ctx, o); ferr == nil && found {
				return p, nil
			}
		}
		return app.Published{}, err
	}
	return app.Published{Ref: app.RemoteRef{ID: out.URI, CID: out.CID, Root: root}, URL: postURL(s.handle, out.URI), At: at}, nil
}

// mayExist reports a create that may have failed because the record
// exists: today's PDS answers 500 InternalServerError for it (see
// https://github.com/bluesky-social/atproto/issues/3718); a named error or
// a 409 may come instead.
func mayExist(err error) bool {
	status, name := errorOf(err)
	return status == http.StatusInternalServerError || status == http.StatusConflict || strings.Contains(name, "Exist")
}

// Find reads the post made under o.Key (com.atproto.repo.getRecord).
func (c *Connector) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	if !validRecordKey(o.Key) {
		return app.Published{}, false, ErrBadKey
	}
	s, err := c.session(ctx)
	if err != nil {
		return app.Published{}, false, err
	}
	var out struct {
		URI   string     `json:"uri"`
		CID   string     `json:"cid"`
		Value recordView `json:"value"`
	}
	q := url.Values{"repo": {s.did}, "collection": {postCollection}, "rkey": {o.Key}}
	if err := c.call(ctx, s, query("com.atproto.repo.getRecord", q), &out); err != nil {
		if status, name := errorOf(err); status == http.StatusNotFound || status == http.StatusBadRequest && name == "RecordNotFound" {
			return app.Published{}, false, nil
		}
		return app.Published{}, false, err
	}
	p := app.Published{Ref: app.RemoteRef{ID: out.URI, CID: out.CID}, URL: postURL(s.handle, out.URI)}
	if r := out.Value.Reply; r != nil {
		p.Ref.Root = &app.RemoteRef{ID: r.Root.URI, CID: r.Root.CID}
	}
	p.At, _ = time.Parse(time.RFC3339Nano, out.Value.CreatedAt)
	return p, true, nil
}

// replyRef is where a reply to `to` goes: its parent, and its thread's
// root (to.Root, else `to` itself, else the root to's own record names
// when it has to be read for its CID).
func (c *Connector) replyRef(ctx context.Context, s session, to app.RemoteRef) (*replyRef, error) {
	parent := strongRef{URI: to.ID, CID: to.CID}
	var root *strongRef
	if to.Root != nil {
		root = &strongRef{URI: to.Root.ID, CID: to.Root.CID}
	}
	if parent.CID == "" {
		v, err := c.post(ctx, s, parent.URI)
		if err != nil {
			return nil, err
		}
		parent.CID = v.CID
		if root == nil && v.Record.Reply != nil {
			root = &v.Record.Reply.Root
		}
	}
	if root == nil {
		root = &parent
	}
	if root.CID == "" {
		ref, err := c.strongRef(ctx, s, app.RemoteRef{ID: root.URI})
		if err != nil {
			return nil, err
		}
		root = &ref
	}
	return &replyRef{Root: *root, Parent: parent}, nil
}

// strongRef is ref with its CID, read with app.bsky.feed.getPosts when
// ref has none.
func (c *Connector) strongRef(ctx context.Context, s session, ref app.RemoteRef) (strongRef, error) {
	if ref.CID != "" {
		return strongRef{URI: ref.ID, CID: ref.CID}, nil
	}
	v, err := c.post(ctx, s, ref.ID)
	return strongRef{URI: v.URI, CID: v.CID}, err
}

// post reads one post (app.bsky.feed.getPosts); FailNotFound when the
// network no longer has it.
func (c *Connector) post(ctx context.Context, s session, uri string) (postView, error) {
	views, err := c.posts(ctx, s, []string{uri})
	if err != nil {
		return postView{}, err
	}
	for _, v := range views {
		if v.URI == uri {
			return v, nil
		}
	}
	return postView{}, notFound("the post " + uri + " is not on Bluesky any more")
}

// posts reads posts by URI (app.bsky.feed.getPosts), 25 per request.
func (c *Connector) posts(ctx context.Context, s session, uris []string) ([]postView, error) {
	var all []postView
	for len(uris) > 0 {
		n := min(len(uris), maxPostsPerRequest)
		var out struct {
			Posts []postView `json:"posts"`
		}
		if err := c.call(ctx, s, query("app.bsky.feed.getPosts", url.Values{"uris": uris[:n]}), &out); err != nil {
			return nil, err
		}
		all = append(all, out.Posts...)
		uris = uris[n:]
	}
	return all, nil
}

// images uploads the images and returns their embed.
func (c *Connector) images(ctx context.Context, s session, media []app.Attachment) (*imagesEmbed, error) {
	limits := app.Bluesky.MediaLimits()
	if len(media) > limits.Count {
		return nil, rejected(fmt.Sprintf("a Bluesky post holds at most %d images", limits.Count))
	}
	embed := &imagesEmbed{Type: "app.bsky.embed.images"}
	for _, m := range media {
		data, err := readAttachment(m, limits.Size)
		if err != nil {
			return nil, err
		}
		mime := m.Type
		if mime == "" {
			mime = http.DetectContentType(data)
		}
		blob, err := c.upload(ctx, s, data, mime)
		if err != nil {
			return nil, err
		}
		img := imageEmbed{Image: blob, Alt: m.Alt}
		if m.Width > 0 && m.Height > 0 {
			img.AspectRatio = &aspectRatio{Width: m.Width, Height: m.Height}
		}
		embed.Images = append(embed.Images, img)
	}
	return embed, nil
}

// readAttachment reads an image of at most limit bytes.
func readAttachment(m app.Attachment, limit int64) ([]byte, error) {
	if m.Open == nil {
		return nil, fmt.Errorf("bluesky: the image %q cannot be read", m.Name)
	}
	r, err := m.Open()
	if err != nil {
		return nil, fmt.Errorf("bluesky: reading the image %q: %w", m.Name, err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("bluesky: reading the image %q: %w", m.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, rejected(fmt.Sprintf("the image %q is larger than Bluesky's %d bytes", m.Name, limit))
	}
	return data, nil
}

// upload sends a blob (com.atproto.repo.uploadBlob) and returns its blob
// ref, as the PDS wrote it.
func (c *Connector) upload(ctx context.Context, s session, data []byte, mime string) (json.RawMessage, error) {
	r := request{method: http.MethodPost, nsid: "com.atproto.repo.uploadBlob", body: data, contentType: mime}
	var out struct {
		Blob json.RawMessage `json:"blob"`
	}
	if err := c.call(ctx, s, r, &out); err != nil {
		return nil, err
	}
	if len(out.Blob) == 0 || out.Blob[0] != '{' {
		return nil, &app.NetError{Network: app.Bluesky, Kind: app.FailServer, Status: http.StatusOK, Err: errors.New("uploadBlob answered no blob")}
	}
	return out.Blob, nil
}

// Like likes a post (an app.bsky.feed.like record).
func (c *Connector) Like(ctx context.Context, post app.RemoteRef) error {
	return c.react(ctx, likeCollection, post)
}

// Boost reposts a post (an app.bsky.feed.repost record).
func (c *Connector) Boost(ctx context.Context, post app.RemoteRef) error {
	return c.react(ctx, repostCollection, post)
}

func (c *Connector) react(ctx context.Context, collection string, post app.RemoteRef) error {
	s, err := c.session(ctx)
	if err != nil {
		return err
	}
	subject, err := c.strongRef(ctx, s, post)
	if err != nil {
		return err
	}
	rec := subjectRecord{Type: collection, Subject: subject, CreatedAt: formatTime(c.dialer.Now())}
	return c.call(ctx, s, procedure("com.atproto.repo.createRecord", createRecordInput{Repo: s.did, Collection: collection, Record: rec}), nil)
}

// firstLink is the URI of the first link facet, "" for none.
func firstLink(facets []Facet) string {
	for _, f := range facets {
		for _, ft := range f.Features {
			if ft.Type == FeatureLink {
				return ft.URI
			}
		}
	}
	return ""
}

// formatTime writes an AT Protocol datetime: UTC, milliseconds.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// validRecordKey reports whether k is an AT Protocol record key.
func validRecordKey(k string) bool {
	if k == "" || len(k) > 512 || k == "." || k == ".." {
		return false
	}
	for i := 0; i < len(k); i++ {
		b := k[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("._:~-", b) >= 0) {
			return false
		}
	}
	return true
}

func rejected(msg string) error {
	return &app.NetError{Network: app.Bluesky, Kind: app.FailRejected, Message: msg}
}
