package app

import (
	"strings"
	"unicode/utf8"
)

// Text read from a network is the network's users' to write: a display
// name may carry a right-to-left override that shows "@rtl‮gnp.exe" as
// "…exe.png", or be thousands of letters long. Relais takes every remote
// string through here as it enters, whatever the connector.

// The longest remote strings kept whole, in characters; longer ones are
// cut with an ellipsis.
const (
	MaxRemoteName  = 100 // display names, handles
	MaxRemoteTitle = 300 // a feed entry's title
)

// IsBidiControl reports the characters that reorder the text around them
// (embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069).
// Text in a right-to-left script needs none of them to show right.
func IsBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// StripBidi returns s without its bidirectional controls.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, IsBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// Shorten returns s cut to at most max characters, an ellipsis last when
// it was cut.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// remoteName is a name or handle read from a network, made safe to show.
func remoteName(s string) string { return Shorten(StripBidi(s), MaxRemoteName) }

// cleaned is the author with its strings made safe to show.
func (a Author) cleaned() Author {
	a.Handle, a.Name = remoteName(a.Handle), remoteName(a.Name)
	a.URL, a.Avatar = StripBidi(a.URL), StripBidi(a.Avatar)
	return a
}

// cleaned is the item with its strings made safe to show.
func (it Item) cleaned() Item {
	it.Author = it.Author.cleaned()
	it.Title = Shorten(StripBidi(it.Title), MaxRemoteTitle)
	it.Text, it.URL = StripBidi(it.Text), StripBidi(it.URL)
	return it
}
