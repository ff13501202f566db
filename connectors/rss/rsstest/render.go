package rsstest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/relais-app/relais/connectors/plaintext"
)

// render returns the feed in a format and its Content-Type. s.mu is held.
func (s *Server) render(f Format) ([]byte, string) {
	switch f {
	case Atom:
		return s.atom(), "application/atom+xml; charset=utf-8"
	case JSON:
		return s.jsonFeed(), "application/feed+json; charset=utf-8"
	}
	return s.rss(), "application/rss+xml; charset=UTF-8"
}

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// cdata wraps s in CDATA sections, splitting any "]]>" it holds.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// rss is the feed as WordPress writes RSS 2.0.
func (s *Server) rss() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
`)
	fmt.Fprintf(&b, "\t<title>%s</title>\n", esc(s.Title))
	fmt.Fprintf(&b, "\t<atom:link href=\"%s\" rel=\"self\" type=\"application/rss+xml\" />\n", esc(s.base+RSS.Path()))
	fmt.Fprintf(&b, "\t<link>%s/</link>\n", esc(s.base))
	fmt.Fprintf(&b, "\t<description>%s</description>\n", esc(s.Description))
	if !s.NoDates {
		fmt.Fprintf(&b, "\t<lastBuildDate>%s</lastBuildDate>\n", s.modified.Format(time.RFC1123Z))
	}
	b.WriteString("\t<language>fr-FR</language>\n\t<sy:updatePeriod>hourly</sy:updatePeriod>\n\t<sy:updateFrequency>1</sy:updateFrequency>\n\t<generator>https://wordpress.org/?v=6.8.1</generator>\n")
	fmt.Fprintf(&b, "<image>\n\t<url>%s/icon.png</url>\n\t<title>%s</title>\n\t<link>%s/</link>\n\t<width>32</width>\n\t<height>32</height>\n</image>\n", esc(s.base), esc(s.Title), esc(s.base))
	for _, e := range s.entries {
		b.WriteString("\t<item>\n")
		fmt.Fprintf(&b, "\t\t<title>%s</title>\n", esc(e.Title))
		if e.Link != "" {
			fmt.Fprintf(&b, "\t\t<link>%s</link>\n", esc(e.Link))
			fmt.Fprintf(&b, "\t\t<comments>%s#comments</comments>\n", esc(e.Link))
		}
		if e.Author != "" {
			fmt.Fprintf(&b, "\t\t<dc:creator>%s</dc:creator>\n", cdata(e.Author))
		}
		if !s.NoDates && !e.Published.IsZero() {
			fmt.Fprintf(&b, "\t\t<pubDate>%s</pubDate>\n", e.Published.Format(time.RFC1123Z))
		}
		b.WriteString("\t\t<category><![CDATA[Vie de l'association]]></category>\n")
		if e.GUID != "" {
			fmt.Fprintf(&b, "\t\t<guid isPermaLink=\"false\">%s</guid>\n", esc(e.GUID))
		}
		fmt.Fprintf(&b, "\t\t<description>%s</description>\n", cdata(e.HTML))
		fmt.Fprintf(&b, "\t\t<content:encoded>%s</content:encoded>\n", cdata(e.HTML+"<p>L’article <a href=\""+esc(e.Link)+"\">"+esc(e.Title)+"</a> est apparu en premier sur "+esc(s.Title)+".</p>"))
		b.WriteString("\t</item>\n")
	}
	b.WriteString("\t</channel>\n</rss>\n")
	return b.Bytes()
}

// atom is the feed as Atom 1.0, HTML content escaped.
func (s *Server) atom() []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n")
	fmt.Fprintf(&b, "  <title type=\"html\">%s</title>\n", esc(esc(s.Title)))
	fmt.Fprintf(&b, "  <subtitle type=\"html\">%s</subtitle>\n", esc(s.Description))
	fmt.Fprintf(&b, "  <link href=\"%s/\" rel=\"alternate\" type=\"text/html\"/>\n", esc(s.base))
	fmt.Fprintf(&b, "  <link href=\"%s\" rel=\"self\" type=\"application/atom+xml\"/>\n", esc(s.base+Atom.Path()))
	fmt.Fprintf(&b, "  <id>%s/</id>\n", esc(s.base))
	if !s.NoDates {
		fmt.Fprintf(&b, "  <updated>%s</updated>\n", s.modified.Format(time.RFC3339))
	}
	b.WriteString("  <generator uri=\"https://jekyllrb.com/\" version=\"4.3.4\">Jekyll</generator>\n")
	fmt.Fprintf(&b, "  <icon>%s/icon.png</icon>\n", esc(s.base))
	for _, e := range s.entries {
		b.WriteString("  <entry>\n")
		fmt.Fprintf(&b, "    <title type=\"html\">%s</title>\n", esc(esc(e.Title)))
		if e.Link != "" {
			fmt.Fprintf(&b, "    <link href=\"%s\" rel=\"alternate\" type=\"text/html\" title=\"%s\"/>\n", esc(e.Link), esc(e.Title))
		}
		id := e.GUID
		if id == "" {
			id = e.Link
		}
		if id != "" {
			fmt.Fprintf(&b, "    <id>%s</id>\n", esc(id))
		}
		if !s.NoDates {
			if !e.Published.IsZero() {
				fmt.Fprintf(&b, "    <published>%s</published>\n", e.Published.Format(time.RFC3339))
			}
			updated := e.Updated
			if updated.IsZero() {
				updated = e.Published
			}
			if !updated.IsZero() {
				fmt.Fprintf(&b, "    <updated>%s</updated>\n", updated.Format(time.RFC3339))
			}
		}
		fmt.Fprintf(&b, "    <content type=\"html\" xml:base=\"%s\">%s</content>\n", esc(e.Link), esc(e.HTML))
		if e.Author != "" {
			fmt.Fprintf(&b, "    <author>\n      <name>%s</name>\n    </author>\n", esc(e.Author))
		}
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// jsonFeed is the feed as JSON Feed 1.1.
func (s *Server) jsonFeed() []byte {
	type author struct {
		Name string `json:"name"`
	}
	type item struct {
		ID            string   `json:"id"`
		URL           string   `json:"url,omitempty"`
		Title         string   `json:"title,omitempty"`
		ContentHTML   string   `json:"content_html"`
		DatePublished string   `json:"date_published,omitempty"`
		DateModified  string   `json:"date_modified,omitempty"`
		Authors       []author `json:"authors,omitempty"`
	}
	feed := struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Description string `json:"description"`
		Icon        string `json:"icon"`
		Language    string `json:"language"`
		Items       []item `json:"items"`
	}{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       s.Title,
		HomePageURL: s.base + "/",
		FeedURL:     s.base + JSON.Path(),
		Description: plaintext.FromHTML(s.Description), // plain text in JSON Feed
		Icon:        s.base + "/icon.png",
		Language:    "fr",
		Items:       []item{},
	}
	for _, e := range s.entries {
		it := item{ID: e.GUID, URL: e.Link, Title: e.Title, ContentHTML: e.HTML}
		if it.ID == "" {
			it.ID = e.Link
		}
		if !s.NoDates {
			if !e.Published.IsZero() {
				it.DatePublished = e.Published.Format(time.RFC3339)
			}
			if !e.Updated.IsZero() {
				it.DateModified = e.Updated.Format(time.RFC3339)
			}
		}
		if e.Author != "" {
			it.Authors = []author{{Name: e.Author}}
		}
		feed.Items = append(feed.Items, it)
	}
	b, err := json.MarshalIndent(feed, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}
