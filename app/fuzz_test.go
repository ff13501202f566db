package app

import (
	"strings"
	"testing"
	"time"
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

// Repetition rules come from the user and from imported calendar files.
func FuzzRecurrence(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;UNTIL=20261231", "FREQ=WEEKLY;BYSETPOS=-1;BYDAY=MO,TU", "x"} {
		f.Add(s)
	}
	start := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rule string) {
		canonical, err := ParseRecurrence(rule)
		if err != nil {
			return
		}
		again, err := ParseRecurrence(canonical)
		if err != nil || again != canonical {
			t.Fatalf("%q gave %q, which reads back as %q, %v", rule, canonical, again, err)
		}
		times, err := Occurrences(canonical, start, paris, start, start.AddDate(0, 3, 0))
		if err != nil {
			t.Fatalf("%q parses but does not expand: %v", canonical, err)
		}
		for i, at := range times {
			if at.Before(start) || (i > 0 && !at.After(times[i-1])) {
				t.Fatalf("%q: occurrences out of order: %v", canonical, times)
			}
		}
	})
}

// Links come in any shape; tagging must never lose the text around them.
func FuzzTagLinks(f *testing.F) {
	f.Add("Voir https://exemple.fr/page?a=1#x, et (https://b.fr).")
	f.Add("https://?#")
	f.Fuzz(func(t *testing.T, text string) {
		out := TagLinks(text, "mastodon", "Hiver 2026")
		if len(FindLinks(out)) != len(FindLinks(text)) {
			t.Fatalf("tagging %q changed the number of links: %q", text, out)
		}
		if TagLinks(out, "mastodon", "Hiver 2026") != out {
			t.Fatalf("tagging twice changes %q again", out)
		}
	})
}
