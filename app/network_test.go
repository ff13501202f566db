package app

import (
	"strings"
	"testing"
)

func TestLengthPerNetwork(t *testing.T) {
	const (
		thumbsUpDark = "👍🏿"      // emoji + skin tone: 2 code points
		family       = "👨‍👩‍👧‍👦" // ZWJ sequence: 7 code points
		flagFR       = "🇫🇷"      // two regional indicators
		eAcuteNFD    = "e\u0301" // e + combining acute
		heart        = "❤️"      // U+2764 U+FE0F
		url          = "https://example.org/une/page/tres/longue/avec?des=parametres&et=plus"
	)
	cases := []struct {
		name string
		text string
		want map[Network]int // Mastodon, Bluesky, X, LinkedIn, Threads (emoji as UTF-8 bytes), Facebook and Instagram (UTF-16)
	}{
		{"plain French", "Bonjour à tous !", map[Network]int{Mastodon: 16, Bluesky: 16, X: 16, LinkedIn: 16, Threads: 16, Facebook: 16, Instagram: 16}},
		{"link", "Lire : " + url, map[Network]int{Mastodon: 7 + 23, Bluesky: 7 + len(url), X: 7 + 23, LinkedIn: 7 + len(url), Threads: 7 + len(url), Facebook: 7 + len(url), Instagram: 7 + len(url)}},
		{"link then a period", "Voir " + url + ".", map[Network]int{Mastodon: 5 + 23 + 1, Bluesky: 5 + len(url) + 1, X: 5 + 23 + 1, LinkedIn: 5 + len(url) + 1, Threads: 5 + len(url) + 1, Facebook: 5 + len(url) + 1, Instagram: 5 + len(url) + 1}},
		{"two links", "http://a.fr et https://b.fr/x", map[Network]int{Mastodon: 23 + 4 + 23, Bluesky: 29, X: 23 + 4 + 23, LinkedIn: 29, Threads: 29, Facebook: 29, Instagram: 29}},
		{"remote mention", "Merci @alice@mastodon.social !", map[Network]int{Mastodon: 14, Bluesky: 30, X: 30, LinkedIn: 30, Threads: 30, Facebook: 30, Instagram: 30}},
		{"local mention", "Merci @alice !", map[Network]int{Mastodon: 14, Bluesky: 14, X: 14, LinkedIn: 14, Threads: 14, Facebook: 14, Instagram: 14}},
		{"address is not a mention", "Écrivez à contact@exemple.fr", map[Network]int{Mastodon: 28, Bluesky: 28, X: 28, LinkedIn: 28, Threads: 28, Facebook: 28, Instagram: 28}},
		{"skin tone", "Top " + thumbsUpDark, map[Network]int{Mastodon: 5, Bluesky: 5, X: 6, LinkedIn: 8, Threads: 4 + 8, Facebook: 8, Instagram: 8}},
		{"ZWJ family", family, map[Network]int{Mastodon: 1, Bluesky: 1, X: 2, LinkedIn: 11, Threads: 25, Facebook: 11, Instagram: 11}},
		{"flag", "Vive la " + flagFR, map[Network]int{Mastodon: 9, Bluesky: 9, X: 10, LinkedIn: 12, Threads: 8 + 8, Facebook: 12, Instagram: 12}},
		{"heart with selector", heart, map[Network]int{Mastodon: 1, Bluesky: 1, X: 2, LinkedIn: 2, Threads: 6, Facebook: 2, Instagram: 2}},
		{"combining accent", "caf" + eAcuteNFD, map[Network]int{Mastodon: 4, Bluesky: 4, X: 4, LinkedIn: 5, Threads: 5, Facebook: 5, Instagram: 5}},
		{"Japanese", "こんにちは", map[Network]int{Mastodon: 5, Bluesky: 5, X: 10, LinkedIn: 5, Threads: 5, Facebook: 5, Instagram: 5}},
		{"narrow no-break space and guillemets", "« Oui ! »", map[Network]int{Mastodon: 9, Bluesky: 9, X: 9, LinkedIn: 9, Threads: 9, Facebook: 9, Instagram: 9}},
		{"curly quotes and ellipsis", "L’été… “chaud”", map[Network]int{Mastodon: 14, Bluesky: 14, X: 15, LinkedIn: 14, Threads: 14, Facebook: 14, Instagram: 14}},
		{"empty", "", map[Network]int{Mastodon: 0, Bluesky: 0, X: 0, LinkedIn: 0, Threads: 0, Facebook: 0, Instagram: 0}},
	}
	for _, c := range cases {
		for n := range c.want {
			if got := Length(n, c.text); got != c.want[n] {
				t.Errorf("%s on %s: Length = %d, want %d", c.name, n, got, c.want[n])
			}
		}
	}
}

func TestLimits(t *testing.T) {
	for n, want := range map[Network]int{Mastodon: 500, Bluesky: 300, X: 280, LinkedIn: 3000, Threads: 500, Facebook: 63206} {
		if n.MaxLength() != want {
			t.Errorf("%s limit %d", n, n.MaxLength())
		}
	}
	// 300 accented graphemes fit Bluesky; 301 do not.
	text := strings.Repeat("é", 300)
	if Length(Bluesky, text) != 300 || Length(Bluesky, text+"!") != 301 {
		t.Error("Bluesky counts accents as more than one")
	}
}
