package proofread

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

func TestMalformedURL(t *testing.T) {
	tests := []struct {
		text string
		want []want
	}{
		{"https://example.org/a?b=c", nil},
		{"http://localhost:8080/x", nil},
		{"www.example.org", nil},
		{"ftp://files.example.org", nil},
		{"(https://fr.wikipedia.org/wiki/A_(b))", nil},
		{"htps://example.org", []want{{app.FindMalformedURL, "htps://example.org", "https://example.org"}}},
		{"hhtp://example.org", []want{{app.FindMalformedURL, "hhtp://example.org", "http://example.org"}}},
		{"http//example.org", []want{{app.FindMalformedURL, "http//example.org", "http://example.org"}}},
		{"https:/example.org", []want{{app.FindMalformedURL, "https:/example.org", "https://example.org"}}},
		{"https:///example.org", []want{{app.FindMalformedURL, "https:///example.org", "https://example.org"}}},
		{"https:// example.org", []want{{app.FindMalformedURL, "https://", ""}}},
		{"https://exemple .fr", []want{{app.FindMalformedURL, "https://exemple", ""}}},
		{"https://example.org/a[b", []want{{app.FindMalformedURL, "https://example.org/a[b", ""}}},
		{"https://exa%zzmple.org", []want{{app.FindMalformedURL, "https://exa%zzmple.org", ""}}},
	}
	for _, tt := range tests {
		fs := checkMalformedURL(newDoc(tt.text, app.LanguageFrench))
		sameFindings(t, "url", tt.text, fs, tt.want)
		for _, f := range fs {
			if f.Severity != app.SeverityError {
				t.Errorf("%q: not an error", tt.text)
			}
		}
	}
}

func TestLinks(t *testing.T) {
	var heads, gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			heads.Add(1)
		} else {
			gets.Add(1)
		}
		switch r.URL.Path {
		case "/ok":
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/missing":
			http.NotFound(w, r)
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/moved308":
			http.Redirect(w, r, "/ok", http.StatusPermanentRedirect)
		case "/temp":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			if r.Header.Get("Range") != "bytes=0-0" {
				t.Errorf("GET without Range")
			}
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	u := srv.URL
	text := u + "/ok " + u + "/gone " + u + "/missing " + u + "/moved " + u + "/moved308 " + u + "/temp " + u + "/nohead " + u + "/missing"
	c := New(nil, WithHTTPClient(srv.Client()), WithLinkConcurrency(2), WithLinkTimeout(2*time.Second))
	got, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish, Links: true})
	if err != nil {
		t.Fatal(err)
	}
	sameFindings(t, "links", text, got.Findings, []want{
		{app.FindDeadLink, u + "/gone", ""},
		{app.FindDeadLink, u + "/missing", ""},
		{app.FindRedirect, u + "/moved", u + "/ok"},
		{app.FindRedirect, u + "/moved308", u + "/ok"},
		{app.FindDeadLink, u + "/nohead", ""},
		{app.FindDeadLink, u + "/missing", ""},
	})
	if heads.Load() != 7 || gets.Load() != 1 { // /missing once: links are tried once each
		t.Errorf("%d HEAD, %d GET", heads.Load(), gets.Load())
	}
	// Off unless asked.
	heads.Store(0)
	got, _ = c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish})
	if len(got.Findings) != 0 || heads.Load() != 0 {
		t.Errorf("links tried without Links: %+v", got.Findings)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestLinkNoSuchHost(t *testing.T) {
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		if strings.Contains(r.URL.Host, "nowhere") {
			return nil, &net.DNSError{Err: "no such host", Name: r.URL.Host, IsNotFound: true}
		}
		return nil, errors.New("connection refused")
	})}
	c := New(nil, WithHTTPClient(client))
	text := "https://nowhere.example.org/a and www.refused.example.org"
	got, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish, Links: true})
	if err != nil {
		t.Fatal(err)
	}
	sameFindings(t, "dns", text, got.Findings, []want{{app.FindDeadLink, "https://nowhere.example.org/a", ""}})
}

func TestLinksCancelled(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := New(nil, WithHTTPClient(srv.Client()))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Proofread(ctx, srv.URL+"/a "+srv.URL+"/b", app.ProofOptions{Links: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestBareDomainLinks: a bare domain is a link where Bluesky's app makes
// one (app.FindLinks): tried at https://, and not read as words; a name
// with no known TLD is neither.
func TestBareDomainLinks(t *testing.T) {
	var asked []string
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		asked = append(asked, r.URL.String())
		if r.URL.Host == "disparu.fr" {
			return nil, &net.DNSError{Err: "no such host", Name: r.URL.Host, IsNotFound: true}
		}
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	})}
	c := New(nil, WithHTTPClient(client), WithLinkConcurrency(1))
	text := "Été 🇫🇷 : exemple.fr/offre, disparu.fr et (maison.paris). Pas fichier.txt ni v1.2 ni e.g ni ex.ample."
	got, err := c.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageFrench, Links: true})
	if err != nil {
		t.Fatal(err)
	}
	var dead []app.Finding
	for _, f := range got.Findings {
		if f.Kind == app.FindDeadLink {
			dead = append(dead, f)
		}
	}
	sameFindings(t, "bare", text, dead, []want{{app.FindDeadLink, "disparu.fr", ""}})
	slices.Sort(asked)
	if want := []string{"https://disparu.fr", "https://exemple.fr/offre", "https://maison.paris"}; !slices.Equal(asked, want) {
		t.Errorf("tried %q, want %q", asked, want)
	}
}
