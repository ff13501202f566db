package english

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzCheck: any text is checked without a panic, and every finding's
// Text is the text at its offsets.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"Its a deal", "there is 5 cats", "I", "to the to the", "Monday, 7 October 2014",
		"7.25$ $ 100", "could of", "the a", "they're is", "more bigger then", "i'm", "Did you", "to", "be",
		"There's many", "much cats", "Feb 30", "10/31/2014", "a", "we isn't", "between I", "Give it to I."} {
		f.Add(s)
	}
	g := grammar()
	f.Fuzz(func(t *testing.T, text string) {
		got, err := g.Check(context.Background(), text, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range got {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End || text[fd.Start:fd.End] != fd.Text {
				t.Fatalf("%q: finding %+v is not the text at its offsets", text, fd)
			}
			if utf8.ValidString(text) && !utf8.ValidString(fd.Text) {
				t.Fatalf("%q: finding %+v cuts a character", text, fd)
			}
		}
	})
}

// Sentences made of the words the rules look at, in any order, never make
// a rule fail.
func TestRuleWordsInAnyOrder(t *testing.T) {
	words := []string{"its", "it's", "your", "you're", "their", "there", "they're", "then", "than", "to", "too",
		"should", "of", "affect", "effect", "loose", "lose", "whose", "who's", "a", "an", "the", "these", "this",
		"he", "she", "it", "I", "i", "we", "they", "is", "are", "was", "were", "be", "been", "has", "have", "did",
		"didn't", "more", "most", "much", "cats", "product", "go", "goes", "went", "gave", "between", "and",
		"here", "according", "knot", "good", "in", "some", "own", "5", ",", ".", "?", "Monday", "7", "October",
		"2014", "$", "everyday", "weather", "or", "not", "use", "suppose", "vary", "along", "time", "due"}
	g := grammar()
	seed := uint32(7)
	for range 20000 {
		var b []byte
		n := int(seed%9) + 1
		for range n {
			seed = seed*1664525 + 1013904223
			b = append(b, words[seed%uint32(len(words))]...)
			b = append(b, ' ')
		}
		text := string(b)
		got, err := g.Check(context.Background(), text, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range got {
			if text[fd.Start:fd.End] != fd.Text {
				t.Fatalf("%q: %+v", text, fd)
			}
		}
	}
}
