package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/plaintext"
	"golang.org/x/text/unicode/norm"
)

// ErrNoKey is returned by Publish for a post without its idempotency key.
var ErrNoKey = errors.New("mastodon: a post needs its idempotency key")

// maxUpload bounds an image read for upload, whatever the server says.
const maxUpload = 100 << 20

// Publish uploads the images with their alt text (POST /api/v2/media,
// waiting while the server processes them), then creates the status
// (POST /api/v1/statuses) with the header Idempotency-Key: o.Key, so
// that sending it again within the hour answers the same status. A
// content warning (o.Warning) makes the status sensitive, which hides
// its images as well as its text.
func (c *Connector) Publish(ctx context.Context, o app.Outgoing) (app.Published, error) {
	if o.Key == "" {
		return app.Published{}, ErrNoKey
	}
	if err := ctx.Err(); err != nil {
		return app.Published{}, err
	}
	values := url.Values{"status": {o.Text}}
	for i, a := range o.Media {
		id, err := c.upload(ctx, i, a)
		if err != nil {
			return app.Published{}, err
		}
		values.Add("media_ids[]", id)
	}
	if o.ReplyTo != nil && o.ReplyTo.ID != "" {
		values.Set("in_reply_to_id", o.ReplyTo.ID)
	}
	if o.Warning != "" {
		// A content warning hides the images too: Mastodon marks the
		// status sensitive for a spoiler_text alone, GoToSocial only
		// when asked.
		values.Set("spoiler_text", o.Warning)
		values.Set("sensitive", "true")
	}
	visibility := o.Visibility
	if visibility == "" {
		visibility = app.VisibilityPublic
	}
	values.Set("visibility", string(visibility))
	if o.Language != "" {
		values.Set("language", o.Language)
	}
	r := form("/api/v1/statuses", values)
	r.header = http.Header{"Idempotency-Key": {o.Key}}
	var st status
	if _, err := c.call(ctx, r, &st); err != nil {
		return app.Published{}, err
	}
	if st.ID == "" {
		return app.Published{}, &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: http.StatusOK,
			Err: errors.New("the server answered a status with no ID")}
	}
	return published(&st), nil
}

func published(st *status) app.Published {
	return app.Published{Ref: app.RemoteRef{ID: st.ID}, URL: st.link(), At: st.CreatedAt}
}

// upload sends the i-th image and returns its media ID once the server
// has processed it.
func (c *Connector) upload(ctx context.Context, i int, a app.Attachment) (string, error) {
	if a.Open == nil {
		return "", fmt.Errorf("mastodon: image %d has nothing to read", i+1)
	}
	rc, err := a.Open()
	if err != nil {
		return "", fmt.Errorf("mastodon: reading image %d: %w", i+1, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxUpload+1))
	rc.Close()
	if err != nil {
		return "", fmt.Errorf("mastodon: reading image %d: %w", i+1, err)
	}
	limit := c.Limits().Media.Size
	if limit <= 0 || limit > maxUpload {
		limit = maxUpload
	}
	if int64(len(data)) > limit {
		return "", &app.NetError{Network: app.Mastodon, Kind: app.FailRejected,
			Err: fmt.Errorf("image %d is larger than the server accepts (%d MB)", i+1, limit>>20)}
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", fileName(i, a.Media)))
	typ := a.Type
	if typ == "" {
		typ = http.DetectContentType(data)
	}
	h.Set("Content-Type", typ)
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil && a.Alt != "" {
		err = w.WriteField("description", a.Alt)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return "", fmt.Errorf("mastodon: preparing image %d: %w", i+1, err)
	}
	r := request{method: http.MethodPost, path: "/api/v2/media", body: body.Bytes(), contentType: w.FormDataContentType()}
	var m mediaAttachment
	resp, err := c.call(ctx, r, &m)
	if err != nil {
		return "", err
	}
	if m.ID == "" {
		return "", &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: resp.Status,
			Err: errors.New("the server answered an image with no ID")}
	}
	if resp.Status == http.StatusAccepted || m.URL == nil {
		if err := c.waitMedia(ctx, m.ID); err != nil {
			return "", err
		}
	}
	return m.ID, nil
}

// waitMedia waits until the server has processed an image: GET
// /api/v1/media/:id answers 206 while it works, 200 with a url when done.
// The pauses grow; the whole wait is bounded.
func (c *Connector) waitMedia(ctx context.Context, id string) error {
	wait, pause := c.d.mediaWait()
	deadline := time.Now().Add(wait)
	timer := time.NewTimer(pause)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
		resp, err := c.do(ctx, get("/api/v1/media/"+escape(id), nil))
		if err != nil {
			return err
		}
		if resp.Status == http.StatusOK {
			var m mediaAttachment
			if err := c.http.DecodeJSON(resp, &m); err != nil {
				return err
			}
			if m.URL != nil {
				return nil
			}
		}
		if time.Now().Add(pause).After(deadline) {
			return &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: resp.Status,
				Err: fmt.Errorf("the server was still processing an image after %v", wait)}
		}
		pause = min(pause*3/2, maxMediaPoll)
		timer.Reset(pause)
	}
}

// fileName is the name an image is uploaded under.
func fileName(i int, m app.Media) string {
	if m.Name != "" {
		return m.Name
	}
	ext := ""
	if _, sub, ok := strings.Cut(m.Type, "/"); ok {
		ext = "." + sub
	}
	return fmt.Sprintf("image-%d%s", i+1, ext)
}

// findClockSkew is how much earlier than its key's time a post may have
// been made by the server's clock and still be the attempt's.
const findClockSkew = 5 * time.Minute

// findPageSize is how many statuses one request of Find reads (the most
// Mastodon gives), and findMaxPages how many pages it reads at most.
const (
	findPageSize = 40
	findMaxPages = 25
)

// ErrFindIncomplete is returned by Find when it could not read back far
// enough to tell whether the post was made.
var ErrFindIncomplete = errors.New("mastodon: could not read far enough back to tell whether the post was made")

// Find looks among the account's statuses (GET
// /api/v1/accounts/:id/statuses, newest first) for the one o made: the
// same text (compared as plain text, white space aside), the same reply,
// as many images, and made no earlier than the attempt's key was chosen
// (the key is a TID holding the time), so that an earlier post of the
// same text (a recurring one) is not taken for it.
//
// It pages back with max_id until a status older than the key's time
// (less findClockSkew) or the end of the statuses: a server that ignores
// Idempotency-Key (GoToSocial) relies on Find alone, and the post may lie
// behind many newer ones. It never reports "not made" from a partial
// read: a failed page is returned as the error, and so is reading
// findMaxPages pages (or a key with no time) without reaching the end.
func (c *Connector) Find(ctx context.Context, o app.Outgoing) (app.Published, bool, error) {
	id, err := c.accountID(ctx)
	if err != nil {
		return app.Published{}, false, err
	}
	want := comparable(o.Text)
	replyTo := ""
	if o.ReplyTo != nil {
		replyTo = o.ReplyTo.ID
	}
	since, timed := app.AttemptKeyTime(o.Key)
	oldest := since.Add(-findClockSkew)
	q := url.Values{"limit": {strconv.Itoa(findPageSize)}, "exclude_reblogs": {"true"}}
	for page := range findMaxPages {
		var sts []status
		if _, err := c.call(ctx, get("/api/v1/accounts/"+escape(id)+"/statuses", q), &sts); err != nil {
			return app.Published{}, false, fmt.Errorf("mastodon: looking for the post among the account's statuses (page %d): %w", page+1, err)
		}
		if len(sts) == 0 {
			return app.Published{}, false, nil // the end of the account's statuses
		}
		older := false
		for i := range sts {
			st := &sts[i]
			if timed && st.CreatedAt.Before(oldest) {
				older = true
				continue
			}
			switch {
			case st.Reblog != nil,
				deref(st.InReplyToID) != replyTo,
				len(st.MediaAttachments) != len(o.Media),
				comparable(plaintext.Unshortened(st.Content)) != want:
				continue
			}
			return published(st), true, nil
		}
		if older {
			return app.Published{}, false, nil // read back past the attempt
		}
		next := sts[len(sts)-1].ID
		for _, st := range sts {
			if idLess(st.ID, next) {
				next = st.ID
			}
		}
		if prev := q.Get("max_id"); prev != "" && !idLess(next, prev) {
			return app.Published{}, false, fmt.Errorf("%w: the server's pages do not go back (max_id %s)", ErrFindIncomplete, prev)
		}
		q.Set("max_id", next)
	}
	return app.Published{}, false, fmt.Errorf("%w: %d statuses read", ErrFindIncomplete, findMaxPages*findPageSize)
}

// remoteMention is @user@domain, which Mastodon shows as @user.
var remoteMention = regexp.MustCompile(`(^|[^\p{L}\p{N}_/@])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)

// comparable is text as Find compares it: in NFC, remote mentions as
// Mastodon shows them, white space collapsed.
func comparable(s string) string {
	s = norm.NFC.String(s)
	s = remoteMention.ReplaceAllString(s, "$1@$2")
	return strings.Join(strings.Fields(s), " ")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
