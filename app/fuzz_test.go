package app

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// IDs come back from scripts and from the socket of a second Relais.
func FuzzParseID(f *testing.F) {
	f.Add("000038ghgj33fv9qc3my96nprm")
	f.Add("")
	f.Add("ZZZZZZZZZZZZZZZZZZZZZZZZZZ")
	f.Add(" 000038GHGJ33FV9QC3MY96NPRM ")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err != nil {
			return
		}
		again, err := ParseID(id.String())
		if err != nil || again != id {
			t.Fatalf("%q parsed to %s, which reads back as %s, %v", s, id, again, err)
		}
	})
}

// Tags are typed by people, with any punctuation.
func FuzzSplitTags(f *testing.F) {
	f.Add("launch, #teaser;  été  #Été")
	f.Add("###,,,")
	f.Add("\u00a0tag\u2003other")
	f.Fuzz(func(t *testing.T, line string) {
		tags := SplitTags(line)
		seen := map[string]bool{}
		for _, tag := range tags {
			if tag == "" || strings.HasPrefix(tag, "#") || strings.ContainsAny(tag, ",; \t\n") {
				t.Fatalf("SplitTags(%q) gave tag %q", line, tag)
			}
			if seen[strings.ToLower(tag)] {
				t.Fatalf("SplitTags(%q) repeats %q", line, tag)
			}
			seen[strings.ToLower(tag)] = true
		}
	})
}

// Text is whatever was pasted into the editor.
func FuzzSummarize(f *testing.F) {
	f.Add("Bonjour à tous 👋🏽 !\n\nÀ lundi.")
	f.Add(strings.Repeat("é", 500))
	f.Fuzz(func(t *testing.T, text string) {
		s := Summarize(Post{Text: text})
		if n := utf8.RuneCountInString(s.Snippet); n > SnippetLength {
			t.Fatalf("snippet of %d runes", n)
		}
		if strings.ContainsAny(s.Snippet, "\n\r\t") {
			t.Fatalf("snippet keeps line breaks: %q", s.Snippet)
		}
		_ = Fold(text)
	})
}

// Length runs on every keystroke over whatever was pasted.
func FuzzLength(f *testing.F) {
	f.Add("Merci @alice@mastodon.social ! https://example.org/x 👨‍👩‍👧‍👦 🇫🇷 e\u0301")
	f.Add("http://")
	f.Fuzz(func(t *testing.T, text string) {
		runes := utf8.RuneCountInString(text)
		for _, n := range Networks {
			if got := Length(n, text); got < 0 || (n == Bluesky && got > runes) {
				t.Fatalf("Length(%s, %q) = %d for %d runes", n, text, got, runes)
			}
		}
		if Length(LinkedIn, text) < runes && utf8.ValidString(text) {
			t.Fatalf("LinkedIn counts fewer UTF-16 units than runes in %q", text)
		}
	})
}
