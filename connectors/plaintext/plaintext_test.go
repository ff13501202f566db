package plaintext

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// samples are real Mastodon contents (from Mastodon's documentation and
// servers) and feed descriptions, with the plain text expected.
var samples = []struct {
	name, html, want string
}{
	{
		"mention and shortened link",
		`<p>Hello <span class="h-card"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span> <a href="https://example.org/a/very/long/path" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/a/very/lo</span><span class="invisible">ng/path</span></a></p>`,
		"Hello @Gargron example.org/a/very/lo…",
	},
	{
		// Mastodon's documentation, Status entity example (its "</span}"
		// typo included).
		"documentation's status",
		`<p>&quot;I lost my inheritance with one wrong digit on my sort code&quot;</p><p><a href="https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span class="ellipsis">theguardian.com/money/2019/dec</span><span class="invisible">/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code</span}</p>`,
		"\"I lost my inheritance with one wrong digit on my sort code\"\n\ntheguardian.com/money/2019/dec…",
	},
	{
		"short link with no ellipsis",
		`<a href="https://www.patreon.com/mastodon" rel="me nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span class="">patreon.com/mastodon</span><span class="invisible"></span></a>`,
		"patreon.com/mastodon",
	},
	{
		"hashtag",
		`<p>Rendez-vous samedi <a href="https://mastodon.social/tags/relais" class="mention hashtag" rel="tag">#<span>relais</span></a></p>`,
		"Rendez-vous samedi #relais",
	},
	{
		"remote mention and reply",
		`<p><span class="h-card" translate="no"><a href="https://piaille.fr/@alice" class="u-url mention">@<span>alice</span></a></span> merci, à demain !</p>`,
		"@alice merci, à demain !",
	},
	{
		"line breaks and paragraphs",
		`<p>Line one<br />Line two<br/><br>Line four</p><p>Second paragraph</p>`,
		"Line one\nLine two\n\nLine four\n\nSecond paragraph",
	},
	{
		"lists",
		`<p>Agenda:</p><ul><li>Café</li><li>Atelier <strong>vélo</strong></li></ul><ol><li>un</li><li>deux</li></ol>fin`,
		"Agenda:\n\nCafé\nAtelier vélo\nun\ndeux\nfin",
	},
	{
		"entities",
		`<p>Tom &amp; Jerry &lt;3 &quot;caf&eacute;&quot; &#128075; &#x1F44B;&nbsp;!</p>`,
		"Tom & Jerry <3 \"café\" 👋 👋\u00a0!",
	},
	{
		"scripts and styles dropped",
		`<style>p { color: red }</style><p>Visible<script>alert("<p>no</p>")</script> text</p><noscript>Enable JS</noscript>`,
		"Visible text",
	},
	{
		"self-closing script still hides",
		`<script/>alert(1)</script>after`,
		"after",
	},
	{
		"white space collapsed",
		"  <p>  a \n\t b  </p>\n\n  <p>c</p>  ",
		"a b\n\nc",
	},
	{
		"nested invisible span",
		`<span class="invisible">a <span>b</span> c</span>d`,
		"d",
	},
	{
		"feed description",
		`<div><h2>Nouvelle saison</h2><p>Les ateliers <img src="x.png" alt="affiche"> reprennent.</p><blockquote>Venez nombreux</blockquote></div>`,
		"Nouvelle saison\n\nLes ateliers reprennent.\n\nVenez nombreux",
	},
	{
		"pre keeps lines and indentation",
		"<p>Code:</p><pre>func main() {\n\tfmt.Println(&quot;hi&quot;)\n}</pre><p>done</p>",
		"Code:\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n\ndone",
	},
	{
		"table cells spaced",
		`<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>`,
		"a b\nc",
	},
	{
		"invalid UTF-8 and controls",
		"a\xffb\x01c\u0085d",
		"a\ufffdbcd",
	},
	{
		"comments dropped",
		`a<!-- <p>hidden</p> -->b`,
		"ab",
	},
	{
		"plain text passes",
		"Bonjour à tous 👋 rendez-vous sur https://example.org/agenda #relais",
		"Bonjour à tous 👋 rendez-vous sur https://example.org/agenda #relais",
	},
	{"empty", "", ""},
}

func TestFromHTML(t *testing.T) {
	for _, tc := range samples {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromHTML(tc.html); got != tc.want {
				t.Errorf("FromHTML(%q)\n got %q\nwant %q", tc.html, got, tc.want)
			}
		})
	}
}

func TestFromHTMLHugeInputIsBounded(t *testing.T) {
	huge := strings.Repeat(`<p><span class="ellipsis">é</span>`, 4*MaxInput/35) +
		strings.Repeat("<span>", 100_000) + strings.Repeat("x", MaxInput)
	start := time.Now()
	got := FromHTML(huge)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("FromHTML took %v on %d bytes", d, len(huge))
	}
	if len(got) > 2*MaxInput {
		t.Errorf("FromHTML gave %d bytes from a read bounded to %d", len(got), MaxInput)
	}
	if !utf8.ValidString(got) {
		t.Error("output is not valid UTF-8")
	}
}

func TestFromHTMLCutsInputOnARuneBoundary(t *testing.T) {
	s := strings.Repeat("a", MaxInput-1) + "é"
	got := FromHTML(s)
	if !utf8.ValidString(got) || strings.ContainsRune(got, utf8.RuneError) {
		t.Errorf("the cut made an invalid rune: %q", got[len(got)-4:])
	}
	if len(got) != MaxInput-1 {
		t.Errorf("got %d bytes, want the %d before the cut rune", len(got), MaxInput-1)
	}
}

func FuzzFromHTML(f *testing.F) {
	for _, tc := range samples {
		f.Add(tc.html)
	}
	f.Add(`<p><span class="invisible">`)
	f.Add("<pre>  a\n\n\n  b  </pre>")
	f.Fuzz(func(t *testing.T, s string) {
		out := FromHTML(s)
		if !utf8.ValidString(out) {
			t.Fatalf("FromHTML(%q) = %q, not valid UTF-8", s, out)
		}
		if strings.Trim(out, " \t\n") != out {
			t.Fatalf("FromHTML(%q) = %q has white space at an end", s, out)
		}
		if len(s) <= MaxInput && len(out) > 3*len(s)+8 {
			t.Fatalf("FromHTML made %d bytes out of %d", len(out), len(s))
		}
		if !textHasMarkup(s) && strings.ContainsRune(out, '<') {
			t.Fatalf("FromHTML(%q) = %q: a '<' left from a tag", s, out)
		}
		// Plain text with no markup reads as itself, but for the white
		// space HTML collapses.
		if !strings.ContainsAny(out, "<&") {
			if again := FromHTML(out); strings.Join(strings.Fields(again), " ") != strings.Join(strings.Fields(out), " ") {
				t.Fatalf("not idempotent: FromHTML(%q) = %q, then %q", s, out, again)
			}
		}
	})
}

// textHasMarkup reports whether the text parts of s (as the tokenizer
// splits it, raw text included) hold a '<' or an entity that could be
// one, so that a '<' in FromHTML's output can come from them.
func textHasMarkup(s string) bool {
	if len(s) > MaxInput {
		return true
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.TextToken:
			if strings.ContainsAny(string(z.Raw()), "<&") {
				return true
			}
		}
	}
}

func TestUnshortened(t *testing.T) {
	for _, tc := range []struct{ html, want string }{
		{samples[0].html, "Hello @Gargron https://example.org/a/very/long/path"},
		{`<p>Agenda : <a href="https://www.example.org/agenda" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://www.</span><span class="">example.org/agenda</span><span class="invisible"></span></a>.</p>`,
			"Agenda : https://www.example.org/agenda."},
		{`<p>a<br />b</p><script>x</script>`, "a\nb"},
	} {
		if got := Unshortened(tc.html); got != tc.want {
			t.Errorf("Unshortened(%q)\n got %q\nwant %q", tc.html, got, tc.want)
		}
	}
}
