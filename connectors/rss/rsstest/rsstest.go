// Package rsstest is a fake web site with a feed, for the tests of
// connectors/rss and of what reads feeds: the same entries served as
// RSS 2.0 (/feed.xml), Atom 1.0 (/atom.xml) and JSON Feed 1.1
// (/feed.json), in the shapes real sites use (WordPress-like RSS with
// dc:creator and content:encoded, Atom with HTML content, an image and an
// icon), with ETag and Last-Modified and their 304 Not Modified. Around
// them: the site's home page (HTML, not a feed), its icon, and redirects
// to the feed (/moved is a 301, /found a 302 to /moved).
//
// Server implements conformance.Fake: a mention is a new entry, and a
// failure set for OpRead or OpProfile fails the next request of a feed —
// reading a feed and asking what it is are the same GET.
package rsstest

import (
	"fmt"
	"html"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/conformance"
)

// Format is a kind of feed.
type Format string

// The formats served, and their paths.
const (
	RSS  Format = "rss"  // RSS 2.0, at /feed.xml
	Atom Format = "atom" // Atom 1.0, at /atom.xml
	JSON Format = "json" // JSON Feed 1.1, at /feed.json
)

// Path is where the format is served.
func (f Format) Path() string {
	switch f {
	case Atom:
		return "/atom.xml"
	case JSON:
		return "/feed.json"
	}
	return "/feed.xml"
}

// Entry is one of the feed's entries.
type Entry struct {
	// GUID is the RSS guid, the Atom id, the JSON Feed id; "" leaves it
	// out (of RSS; Atom and JSON Feed then use the link).
	GUID string
	// Title, Author are plain text; HTML is the entry's content.
	Title, Author, HTML string
	// Link is the entry's page; "" for none.
	Link string
	// Published, Updated are left out when zero.
	Published, Updated time.Time
}

// Request is a request a feed received.
type Request struct {
	Path            string
	IfNoneMatch     string
	IfModifiedSince string
	// Status is the answer's status; 0 for a dropped connection.
	Status int
}

// Server is the fake site. Its fields are read when it serves: set them
// before Start. Its methods are safe for concurrent use.
type Server struct {
	// Format is the feed Account and FeedURL point at; every format is
	// served.
	Format Format
	// Title is the feed's title, plain text; Description its
	// description, HTML.
	Title, Description string
	// NoDates leaves every date out of the feeds.
	NoDates bool
	// NoValidators leaves out ETag and Last-Modified, and never answers
	// 304.
	NoValidators bool

	mu       sync.Mutex
	base     string
	entries  []Entry // as the feeds list them: newest first
	clock    time.Time
	modified time.Time
	fail     *conformance.Failure
	requests []Request
	n        int
}

var _ conformance.Fake = (*Server)(nil)

// NewServer returns a site with an RSS feed and no entry yet. Serve it
// with Start, or with Handler after SetURL.
func NewServer() *Server {
	start := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	return &Server{
		Format:      RSS,
		Title:       "Les nouvelles de l’Atelier & Cie",
		Description: "<p>Le carnet de bord de l’<b>Atelier</b> — ateliers, rencontres et coups de cœur.</p><p>Publié chaque semaine.</p>",
		clock:       start,
		modified:    start,
	}
}

// SetURL tells the server where it is reached ("http://127.0.0.1:8080"),
// for its links and Account. Start calls it.
func (s *Server) SetURL(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = strings.TrimRight(base, "/")
}

// URL is where the server is reached.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// FeedURL is the address of the feed in s.Format.
func (s *Server) FeedURL() string { return s.URL() + s.Format.Path() }

// Account returns the feed as an account: a feed has no secret.
func (s *Server) Account() (app.Account, app.Secret) {
	return app.Account{
		ID:       app.NewID(time.Now()),
		Network:  app.RSS,
		Server:   s.FeedURL(),
		RemoteID: s.FeedURL(),
		State:    app.AccountConnected,
	}, app.Secret{}
}

// Add publishes an entry, as the newest; an entry with no date gets the
// server's clock, one minute after the last.
func (s *Server) Add(e Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = s.clock.Add(time.Minute)
	if e.Published.IsZero() {
		e.Published = s.clock
	}
	s.entries = slices.Insert(s.entries, 0, e)
	s.modified = s.clock
}

// Mention publishes an entry by author, whose content is text (HTML).
func (s *Server) Mention(author, text string) {
	s.mu.Lock()
	s.n++
	n, base := s.n, s.base
	s.mu.Unlock()
	s.Add(Entry{
		GUID:   fmt.Sprintf("%s/?p=%d", base, n),
		Title:  fmt.Sprintf("Billet n°%d, de %s", n, author),
		Author: author,
		HTML:   text,
		Link:   fmt.Sprintf("%s/%d/billet-%d/", base, 2026, n),
	})
}

// Entries returns the entries, as the feeds list them.
func (s *Server) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.entries)
}

// SetEntries replaces the entries; the feeds list them in this order.
func (s *Server) SetEntries(entries []Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = slices.Clone(entries)
	s.clock = s.clock.Add(time.Minute)
	s.modified = s.clock
}

// FailNext makes the next request of a feed fail as f says, for OpRead
// and OpProfile; a feed is not posted to, so other operations are
// ignored.
func (s *Server) FailNext(op conformance.Op, f conformance.Failure) {
	if op != conformance.OpRead && op != conformance.OpProfile {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = &f
}

// Posts returns nil: a feed is not posted to.
func (s *Server) Posts() []conformance.Post { return nil }

// Reactions returns 0, 0: a feed has no likes nor boosts.
func (s *Server) Reactions(string) (likes, boosts int) { return 0, 0 }

// Requests returns the requests the feeds received, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Handler serves the site.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, f := range []Format{RSS, Atom, JSON} {
		mux.HandleFunc("GET "+f.Path(), func(w http.ResponseWriter, r *http.Request) { s.serveFeed(w, r, f) })
	}
	mux.HandleFunc("GET /{$}", s.serveHome)
	mux.HandleFunc("GET /icon.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(conformance.PNG())
	})
	mux.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.Format.Path(), http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /found", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/moved", http.StatusFound)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		errorPage(w, http.StatusNotFound, "", "The page "+r.URL.Path+" does not exist.")
	})
	return mux
}

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, format Format) {
	s.mu.Lock()
	fail := s.fail
	s.fail = nil
	body, ctype := s.render(format)
	modified := s.modified
	s.mu.Unlock()

	req := Request{Path: r.URL.Path, IfNoneMatch: r.Header.Get("If-None-Match"), IfModifiedSince: r.Header.Get("If-Modified-Since")}
	status := s.answer(w, r, fail, body, ctype, modified)
	req.Status = status
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
}

// answer writes the feed's answer, or the failure asked for, and returns
// its status.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, fail *conformance.Failure, body []byte, ctype string, modified time.Time) int {
	if fail != nil {
		if fail.Delay > 0 {
			select {
			case <-time.After(fail.Delay):
			case <-r.Context().Done():
				return 0
			}
		}
		switch {
		case fail.Drop:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.(net.Conn).Close()
					return 0
				}
			}
			panic(http.ErrAbortHandler)
		case fail.Status != 0:
			if fail.RetryAfter != "" {
				w.Header().Set("Retry-After", fail.RetryAfter)
			}
			errorPage(w, fail.Status, http.StatusText(fail.Status), fail.Message)
			return fail.Status
		case fail.Truncate:
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)/2))
			_, _ = w.Write(body[:len(body)/2])
			return http.StatusOK
		case fail.Malformed:
			// What a feed made by PHP looks like when the script fails
			// before writing it: a warning where the XML (or JSON)
			// should start.
			w.Header().Set("Content-Type", ctype)
			_, _ = fmt.Fprint(w, "<br />\n<b>Fatal error</b>:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/html/wp-includes/feed-rss2.php:12\nStack trace:\n#0 {main}\n  thrown in <b>/var/www/html/wp-includes/feed-rss2.php</b> on line <b>12</b><br />\n")
			return http.StatusOK
		}
	}
	if !s.NoValidators {
		etag := etagOf(body)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
		if notModified(r, etag, modified) {
			w.WriteHeader(http.StatusNotModified)
			return http.StatusNotModified
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
	return http.StatusOK
}

// notModified applies RFC 9110's conditions: If-None-Match when there
// is one, else If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil {
			return !modified.Truncate(time.Second).After(t)
		}
	}
	return false
}

func (s *Server) serveHome(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	title := s.Title
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>%[1]s</title>
<link rel="alternate" type="application/rss+xml" title="Flux" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom.xml">
<link rel="icon" href="/icon.png">
</head>
<body>
<header><h1>%[1]s</h1><nav><a href="/">Accueil</a> · <a href="/feed.xml">Flux RSS</a></nav></header>
<main><p>Bienvenue&nbsp;! Nos billets arrivent bientôt.</p></main>
</body>
</html>
`, html.EscapeString(title))
}

// errorPage answers an error as web servers do: a small HTML page.
func errorPage(w http.ResponseWriter, status int, title, message string) {
	if title == "" {
		title = http.StatusText(status)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n<hr><address>Apache/2.4.62 (Debian)</address>\n</body></html>\n",
		status, html.EscapeString(title), html.EscapeString(title), html.EscapeString(message))
}
