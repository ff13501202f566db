package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/relais-app/relais/app"
)

// Bounds of a link card.
const (
	cardTimeout  = 10 * time.Second
	maxCardPage  = 1 << 20
	maxCardThumb = 1_000_000
	// maxCardTitle and maxCardText keep a card's texts to what a card
	// shows, in characters.
	maxCardTitle = 300
	maxCardText  = 1000
)

// externalEmbed is app.bsky.embed.external: a link card.
type externalEmbed struct {
	Type     string   `json:"$type"`
	External external `json:"external"`
}

type external struct {
	URI         string          `json:"uri"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Thumb       json.RawMessage `json:"thumb,omitempty"`
}

// card makes the link card of a post's link, as the Bluesky app does: the
// page's og:title, og:description and og:image (else its <title>), the
// image uploaded as the card's thumb. A page that cannot be read, or says
// nothing of itself, makes no card (nil); an image that cannot be read
// makes a card without a thumb.
func (c *Connector) card(ctx context.Context, s session, link string) *externalEmbed {
	resp, err := c.get(ctx, c.dialer.client(cardTimeout, maxCardPage), link, true)
	if err != nil {
		return nil
	}
	contentType := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "text/html" && mt != "application/xhtml+xml" {
		return nil
	}
	meta := readPageMeta(resp.Body, contentType)
	if meta.title == "" && meta.description == "" {
		return nil
	}
	card := &externalEmbed{Type: "app.bsky.embed.external", External: external{URI: link, Title: meta.title, Description: meta.description}}
	if meta.image == "" {
		return card
	}
	base, _ := url.Parse(link)
	img, err := base.Parse(meta.image)
	if err != nil {
		return card
	}
	thumb, err := c.get(ctx, c.dialer.client(cardTimeout, maxCardThumb), img.String(), true)
	if err != nil {
		return card
	}
	if mt := http.DetectContentType(thumb.Body); slices.Contains(app.MediaTypes, mt) {
		if blob, err := c.upload(ctx, s, thumb.Body, mt); err == nil {
			card.External.Thumb = blob
		}
	}
	return card
}

// pageMeta is what a page says of itself.
type pageMeta struct {
	title, description, image string
}

// readPageMeta reads a page's head: Open Graph's og:title, og:description
// and og:image first, then Twitter's, then <title> and the description
// meta.
func readPageMeta(page []byte, contentType string) pageMeta {
	r, err := charset.NewReader(bytes.NewReader(page), contentType)
	if err != nil {
		return pageMeta{}
	}
	found := map[string]string{}
	z := html.NewTokenizer(r)
	inTitle := false
scan:
	for {
		switch z.Next() {
		case html.ErrorToken:
			break scan
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.Data {
			case "body":
				break scan
			case "title":
				inTitle = true
			case "meta":
				var key, content string
				for _, a := range t.Attr {
					switch a.Key {
					case "property", "name":
						key = strings.ToLower(strings.TrimSpace(a.Val))
					case "content":
						content = a.Val
					}
				}
				if key != "" && found[key] == "" {
					found[key] = clean(content)
				}
			}
		case html.TextToken:
			if inTitle && found["<title>"] == "" {
				found["<title>"] = clean(string(z.Text()))
			}
		case html.EndTagToken:
			switch name, _ := z.TagName(); string(name) {
			case "title":
				inTitle = false
			case "head":
				break scan
			}
		}
	}
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := found[k]; v != "" {
				return v
			}
		}
		return ""
	}
	return pageMeta{
		title:       clip(first("og:title", "twitter:title", "<title>"), maxCardTitle),
		description: clip(first("og:description", "twitter:description", "description"), maxCardText),
		image:       first("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"),
	}
}

// clean folds a text's runs of spaces into one.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip cuts s to n characters, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
