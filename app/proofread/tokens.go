package proofread

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/relais-app/relais/app"
)

// Kind is what a token is.
type Kind int

// The kinds of token.
const (
	Word               Kind = iota // letters, with inner apostrophes and hyphens: "aujourd’hui", "peut-être"
	Hashtag                        // #CamelCase
	Mention                        // @user, @user@domain, @handle.bsky.social
	URL                            // http(s)://…, www.…, bare domains as app.FindLinks finds them ("exemple.fr/offre"), and http look-alikes ("htps://…") for the link checks
	Email                          // name@example.org
	Number                         // 42, 3,5, 14h30, 9:30, 1er, 2e, 10 %
	Emoji                          // one emoji grapheme: ZWJ sequences, flags, skin tones, keycaps
	Punct                          // any other character, one rune a token
	Space                          // a run of U+0020
	NoBreakSpace                   // a run of U+00A0
	NarrowNoBreakSpace             // a run of U+202F
	LineBreak                      // \n, \r\n, \r, U+2028, U+2029 (one token each)
	OtherSpace                     // a run of another space (tab, thin space U+2009…)
)

var kindNames = [...]string{"word", "hashtag", "mention", "url", "email", "number", "emoji", "punct",
	"space", "nbsp", "nnbsp", "linebreak", "otherspace"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Token is a piece of a text: Text is text[Start:End], byte offsets.
type Token struct {
	Kind       Kind
	Start, End int
	Text       string
}

// isSpace reports whether the token is any kind of space (not a line break).
func (t Token) isSpace() bool {
	return t.Kind == Space || t.Kind == NoBreakSpace || t.Kind == NarrowNoBreakSpace || t.Kind == OtherSpace
}

// is reports whether the token is the punctuation s.
func (t Token) is(s string) bool { return t.Kind == Punct && t.Text == s }

// Tokens cuts text into tokens that cover it exactly, in order. Invalid
// UTF-8 bytes are Punct tokens of one byte.
func Tokens(text string) []Token {
	toks := make([]Token, 0, len(text)/3+1)
	noEmail := 0 // no e-mail address starts before this
	for i := 0; i < len(text); {
		k, end := scan(text, i, &noEmail)
		if end <= i { // cannot happen; keep the loop finite whatever
			k, end = Punct, i+1
		}
		toks = append(toks, Token{Kind: k, Start: i, End: end, Text: text[i:end]})
		i = end
	}
	return toks
}

// scan returns the kind and end of the token starting at i.
// noEmail is where the last failed look for an e-mail address's "@"
// stopped: no address starts before it, which keeps "a.a.a.a…" linear.
func scan(text string, i int, noEmail *int) (Kind, int) {
	r, size := utf8.DecodeRuneInString(text[i:])
	if r == utf8.RuneError && size <= 1 {
		return Punct, i + 1
	}
	switch r {
	case '\n', 0x2028, 0x2029:
		return LineBreak, i + size
	case '\r':
		if strings.HasPrefix(text[i+1:], "\n") {
			return LineBreak, i + 2
		}
		return LineBreak, i + 1
	case ' ':
		return Space, runOf(text, i, r)
	case 0x00A0:
		return NoBreakSpace, runOf(text, i, r)
	case 0x202F:
		return NarrowNoBreakSpace, runOf(text, i, r)
	}
	if unicode.IsSpace(r) {
		return OtherSpace, runOf(text, i, r)
	}
	if mayBeEmoji(text, i, r, size) {
		cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(text[i:], -1)
		if isEmoji(cluster) {
			return Emoji, i + len(cluster)
		}
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	atWordStart := i == 0 || !isWordRune(prev)
	switch {
	case r == '#' && atWordStart:
		if end := scanTag(text, i+1); end > 0 {
			return Hashtag, end
		}
	case r == '@' && atWordStart:
		if end := scanMention(text, i+1); end > 0 {
			return Mention, end
		}
	case isWordRune(r):
		if atWordStart && r < utf8.RuneSelf {
			if end := scanURL(text, i); end > 0 {
				return URL, end
			}
		}
		if atWordStart && i >= *noEmail {
			end, stop := scanEmail(text, i)
			if end > 0 {
				return Email, end
			}
			*noEmail = stop
		}
		// A bare domain ("exemple.fr/offre") is a link where Bluesky's
		// app makes it one: app.FindLinks says where.
		if atWordStart && r < utf8.RuneSelf {
			if l, ok := app.LinkAt(text, i); ok && l.Bare {
				return URL, l.End
			}
		}
		if unicode.IsDigit(r) {
			return Number, scanNumber(text, i)
		}
		if isLetter(r) {
			return Word, scanWord(text, i)
		}
	}
	return Punct, i + size
}

func runOf(text string, i int, r rune) int {
	n := utf8.RuneLen(r)
	for i < len(text) && strings.HasPrefix(text[i:], string(r)) {
		i += n
	}
	return i
}

func isLetter(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isWordRune(r rune) bool { return isLetter(r) || unicode.IsDigit(r) || r == '_' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' }

// scanWord reads letters and digits, with apostrophes and hyphens between
// two of them.
func scanWord(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isLetter(r) || unicode.IsDigit(r) {
			i += n
			continue
		}
		if isApostrophe(r) || isHyphen(r) {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if isLetter(next) || (isHyphen(r) && unicode.IsDigit(next)) {
				i += n
				continue
			}
		}
		break
	}
	return i
}

// scanNumber reads 42, 3,5, 1.000, 14h30, 9:30, 12/05/2024, 1er, 2e, 10%,
// 10 % (with any single space before the %).
func scanNumber(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isLetter(r) || unicode.IsDigit(r) {
			i += n
			continue
		}
		if r == '.' || r == ',' || r == ':' || r == '/' {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if unicode.IsDigit(next) {
				i += n
				continue
			}
		}
		break
	}
	if strings.HasPrefix(text[i:], "%") {
		return i + 1
	}
	for _, sp := range []string{" %", "\u00a0%", "\u202f%"} {
		if strings.HasPrefix(text[i:], sp) {
			return i + len(sp)
		}
	}
	return i
}

// scanTag reads a hashtag's name after '#': word runes, at least one
// letter. It returns 0 when there is none.
func scanTag(text string, i int) int {
	letter := false
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		letter = letter || isLetter(r)
		i += n
	}
	if !letter {
		return 0
	}
	return i
}

// scanMention reads a handle after '@': a name, then @domain or .domain
// labels (Bluesky). It returns 0 when there is none.
func scanMention(text string, i int) int {
	start := i
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		i += n
	}
	if i == start {
		return 0
	}
	if strings.HasPrefix(text[i:], "@") {
		if end := scanDomain(text, i+1); end > 0 {
			return end
		}
		return i
	}
	if strings.HasPrefix(text[i:], ".") {
		if end := scanDomain(text, start); end > i {
			return end
		}
	}
	return i
}

// scanDomain reads labels separated by dots, at least two, the last with
// a letter; it returns 0 when there is no such domain at i.
func scanDomain(text string, i int) int {
	labels, end := 0, 0
	lastHasLetter := false
	for {
		j := i
		hasLetter := false
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !(isWordRune(r) || (r == '-' && j > i)) {
				break
			}
			hasLetter = hasLetter || isLetter(r)
			j += n
		}
		if j == i {
			break
		}
		labels++
		end, lastHasLetter = j, hasLetter
		if !strings.HasPrefix(text[j:], ".") {
			break
		}
		i = j + 1
	}
	if labels < 2 || !lastHasLetter {
		return 0
	}
	return end
}

// scanEmail reads local@domain.tld at i; 0 when there is none. stop is
// where the local part's characters end: an address starting between i
// and stop would end its local part there too, and fail the same way.
func scanEmail(text string, i int) (end, stop int) {
	j := i
	for j < len(text) {
		c := text[j]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += n
			continue
		}
		if !(isASCIIAlnum(c) || strings.IndexByte("._%+-", c) >= 0) {
			break
		}
		j++
	}
	if j == i || j >= len(text) || text[j] != '@' || text[j-1] == '.' {
		return 0, j
	}
	return scanDomain(text, j+1), j
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// urlStart matches the beginning of a link: a scheme and "://", an http
// look-alike with a slash missing or a colon missing, or "www.".
var urlStart = regexp.MustCompile(`^(?i:[a-z][a-z0-9+.-]{0,15}://|h*t+p+s?:/|h*t+p+s?//|www\.[\p{L}\p{N}])`)

// scanURL reads a link at i; 0 when there is none. Trailing punctuation
// that ends a sentence is left out, and so is a closing bracket that
// opens nowhere in the link.
func scanURL(text string, i int) int {
	c := text[i] | 0x20
	if c != 'h' && c != 'w' && c != 't' && !(c >= 'a' && c <= 'z' && strings.Contains(text[i:min(len(text), i+20)], "://")) {
		return 0
	}
	loc := urlStart.FindStringIndex(text[i:])
	if loc == nil {
		return 0
	}
	head := i + loc[1]
	j := head
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '«' || r == '»' || r == utf8.RuneError ||
			r == 0x202F || r == 0x00A0 || (r >= 0x200B && r <= 0x200D) || r == '“' || r == '”' {
			break
		}
		j += n
	}
	// Trim what usually ends a sentence after a link.
	for j > head {
		r, n := utf8.DecodeLastRuneInString(text[head:j])
		switch {
		case strings.ContainsRune(".,;:!?'’…*", r):
			j -= n
			continue
		case r == ')' && strings.Count(text[i:j], "(") < strings.Count(text[i:j], ")"),
			r == ']' && strings.Count(text[i:j], "[") < strings.Count(text[i:j], "]"):
			j -= n
			continue
		}
		break
	}
	if j == head {
		// "https://" with nothing after it is kept as a (malformed) link;
		// "www." needs a name, which the pattern has checked.
		if strings.HasPrefix(strings.ToLower(text[i:head]), "www.") {
			return head
		}
		lower := strings.ToLower(text[i:head])
		if strings.HasPrefix(lower, "http") || strings.HasPrefix(lower, "htp") {
			return head
		}
		return 0
	}
	return j
}

// mayBeEmoji tells, cheaply, whether the rune at i may start an emoji
// grapheme, which uniseg then reads.
func mayBeEmoji(text string, i int, r rune, size int) bool {
	if r >= 0x2000 {
		return true
	}
	if (r >= '0' && r <= '9') || r == '#' || r == '*' || r == 0xA9 || r == 0xAE {
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		return next == 0xFE0F || next == 0x20E3
	}
	return false
}

// isEmoji reports whether a grapheme is an emoji: a pictograph (with its
// skin tones, joiners and variation selectors), a flag, or a keycap.
func isEmoji(cluster string) bool {
	for _, r := range cluster {
		switch {
		case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, flags, skin tones
			r >= 0x2600 && r <= 0x27BF, // symbols and dingbats
			r >= 0x2B05 && r <= 0x2B07, r == 0x2B1B, r == 0x2B1C, r == 0x2B50, r == 0x2B55,
			r >= 0x231A && r <= 0x23FF,
			r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299,
			r == 0x20E3, // keycap
			r == 0xFE0F: // emoji presentation
			return true
		}
	}
	return false
}

// elisions are the French elided words a word may start with: l’école,
// qu’il, jusqu’ici.
var elisions = []string{"l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu"}

// splitElision cuts a French elided word after its apostrophe: "l'école"
// gives "l'" and "école". ok is false when the word does not start with
// an elision.
func splitElision(word string) (prefix, rest string, ok bool) {
	for i, r := range word {
		if isApostrophe(r) {
			head := strings.ToLower(word[:i])
			n := utf8.RuneLen(r)
			for _, e := range elisions {
				if head == e && i+n < len(word) {
					return word[:i+n], word[i+n:], true
				}
			}
			return "", "", false
		}
		if !isLetter(r) {
			return "", "", false
		}
	}
	return "", "", false
}
