package proofread

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/relais-app/relais/app"
)

// schemeRe reads a link's scheme and what follows it, right or wrong:
// "https://", "http:/", "http//", "htps://".
var schemeRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)(:/{1,3}|//)`)

// httpLike reports whether a scheme is a typo for http or https: "htps",
// "htp", "hhtp", "ttps".
func httpLike(s string) bool {
	if len(s) < 3 || len(s) > 6 || strings.Trim(s, "htps") != "" {
		return false
	}
	return strings.Contains(s, "t") && strings.Contains(s, "p")
}

// linkCheck is what the look of a link says: the address to open (with
// https:// for a bare www. or a bare domain), or why it cannot be opened
// and the fix.
type linkCheck struct {
	target    string // the address, when well formed
	malformed bool
	fix       string // for a malformed link, when obvious
}

// examineLink tells whether a URL token can be opened as written. Links
// of other schemes than http(s) (ftp://, ipfs://) are not examined: their
// target is "".
func examineLink(raw string) linkCheck {
	address := raw
	if l, ok := app.LinkAt(raw, 0); ok && l.Bare && l.End == len(raw) {
		address = l.URI // a bare domain: https://exemple.fr/offre
	} else if strings.HasPrefix(strings.ToLower(raw), "www.") {
		address = "https://" + raw
	} else {
		m := schemeRe.FindStringSubmatch(raw)
		if m == nil {
			return linkCheck{}
		}
		scheme := strings.ToLower(m[1])
		if scheme != "http" && scheme != "https" {
			if !httpLike(scheme) {
				return linkCheck{}
			}
			scheme = "http"
			if strings.Contains(m[1], "s") || strings.Contains(m[1], "S") {
				scheme = "https"
			}
		}
		address = scheme + "://" + raw[len(m[0]):]
		if m[2] != "://" || !strings.EqualFold(scheme, m[1]) {
			// A broken scheme: the fix is the address if the rest holds.
			if wellFormed(address) {
				return linkCheck{malformed: true, fix: address}
			}
			return linkCheck{malformed: true}
		}
	}
	if !wellFormed(address) {
		return linkCheck{malformed: true}
	}
	return linkCheck{target: address}
}

// wellFormed reports whether an http(s) address parses, has a host with a
// dot (or is localhost) and balanced brackets.
func wellFormed(address string) bool {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" || strings.ContainsAny(address, " \t") {
		return false
	}
	host := u.Hostname()
	if host == "" || (!strings.Contains(strings.Trim(host, "."), ".") && host != "localhost" && !strings.Contains(host, ":")) ||
		strings.Contains(host, "..") || strings.HasPrefix(host, ".") || strings.HasPrefix(host, "-") {
		return false
	}
	return strings.Count(address, "(") == strings.Count(address, ")") &&
		strings.Count(address, "[") == strings.Count(address, "]")
}

// checkMalformedURL: a link that cannot be opened as written is an error;
// a broken scheme ("htps://", "http//", "https:/") gets its fix.
func checkMalformedURL(d *doc) []app.Finding {
	var out []app.Finding
	for _, t := range d.toks {
		if t.Kind != URL {
			continue
		}
		if c := examineLink(t.Text); c.malformed {
			var fixes []string
			if c.fix != "" {
				fixes = []string{c.fix}
			}
			f := d.finding(app.FindMalformedURL, app.SeverityError, t.Start, t.End, fixes...)
			f.Args = map[string]string{"url": t.Text}
			out = append(out, f)
		}
	}
	return out
}

// linkResult is what trying a link told.
type linkResult struct {
	dead     bool
	redirect string // the target of a permanent redirect elsewhere
}

// checkLinks tries each well-formed http(s) link of d, a few at a time:
// 404, 410 or no such host → FindDeadLink; a permanent redirect (301,
// 308) elsewhere → FindRedirect, with the target as fix. Other answers
// and failures (timeouts…) say nothing.
func (c *Checker) checkLinks(ctx context.Context, d *doc) ([]app.Finding, error) {
	var targets []string
	index := map[string]int{}
	for _, t := range d.toks {
		if t.Kind != URL {
			continue
		}
		if lc := examineLink(t.Text); lc.target != "" {
			if _, ok := index[lc.target]; !ok {
				index[lc.target] = len(targets)
				targets = append(targets, lc.target)
			}
		}
	}
	if len(targets) == 0 {
		return nil, nil
	}
	client := *c.client
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	results := make([]linkResult, len(targets))
	sem := make(chan struct{}, c.linkWorkers)
	var wg sync.WaitGroup
	for i, target := range targets {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			results[i] = c.probe(ctx, &client, target)
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []app.Finding
	for _, t := range d.toks {
		if t.Kind != URL {
			continue
		}
		lc := examineLink(t.Text)
		if lc.target == "" {
			continue
		}
		r := results[index[lc.target]]
		switch {
		case r.dead:
			f := warn(d, app.FindDeadLink, t.Start, t.End)
			f.Args = map[string]string{"url": t.Text}
			out = append(out, f)
		case r.redirect != "":
			f := warn(d, app.FindRedirect, t.Start, t.End, r.redirect)
			f.Args = map[string]string{"url": t.Text, "target": r.redirect}
			out = append(out, f)
		}
	}
	return out, nil
}

// probe tries one link: HEAD, then a one-byte GET when HEAD is not
// allowed.
func (c *Checker) probe(ctx context.Context, client *http.Client, target string) linkResult {
	ctx, cancel := context.WithTimeout(ctx, c.linkTimeout)
	defer cancel()
	resp, err := request(ctx, client, http.MethodHead, target)
	if err == nil && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusNotImplemented) {
		resp, err = request(ctx, client, http.MethodGet, target)
	}
	if err != nil {
		var dns *net.DNSError
		if errors.As(err, &dns) && dns.IsNotFound {
			return linkResult{dead: true}
		}
		return linkResult{}
	}
	switch resp.StatusCode {
	case http.StatusNotFound, http.StatusGone:
		return linkResult{dead: true}
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		loc, err := resp.Location()
		if err == nil && loc.String() != target {
			return linkResult{redirect: loc.String()}
		}
	}
	return linkResult{}
}

// request sends one request and closes its body.
func request(ctx context.Context, client *http.Client, method, target string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "Relais link check")
	if method == http.MethodGet {
		req.Header.Set("Range", "bytes=0-0")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	return resp, nil
}
