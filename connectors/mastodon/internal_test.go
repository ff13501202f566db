package mastodon

import (
	"net/http"
	"testing"
)

func TestIDOrder(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"99", "100", true},
		{"100", "99", false},
		{"113000000000000001", "113000000000000002", true},
		{"7", "7", false},
	} {
		if got := idLess(tc.a, tc.b); got != tc.less {
			t.Errorf("idLess(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestLinkParam(t *testing.T) {
	h := http.Header{}
	h.Set("Link", `<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", <https://mastodon.example/api/v1/notifications?min_id=34975861&types%5B%5D=mention>; rel="prev"`)
	if got := linkParam(h, "prev", "min_id"); got != "34975861" {
		t.Errorf("prev min_id = %q", got)
	}
	if got := linkParam(h, "next", "max_id"); got != "34975535" {
		t.Errorf("next max_id = %q", got)
	}
	// The documentation's own example, whose last link has no rel.
	h.Set("Link", `<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", <https://mastodon.example/api/v1/notifications?min_id=34975861>;`)
	if got := linkParam(h, "prev", "min_id"); got != "" {
		t.Errorf("a link with no rel was taken for prev: %q", got)
	}
	if got := linkParam(http.Header{}, "prev", "min_id"); got != "" {
		t.Errorf("no Link header gave %q", got)
	}
}

func TestComparable(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Bonjour  @alice@piaille.fr\n\nà demain", "Bonjour @alice à demain"},
		{"Cafe\u0301", "Café"},
		{" a\tb ", "a b"},
	} {
		if comparable(tc.a) != comparable(tc.b) {
			t.Errorf("%q and %q compare different: %q, %q", tc.a, tc.b, comparable(tc.a), comparable(tc.b))
		}
	}
	if comparable("mail bob@example.org") != "mail bob@example.org" {
		t.Errorf("an e-mail address was taken for a mention")
	}
}

func TestStreamingURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"wss://streaming.mastodon.social", "https://streaming.mastodon.social"},
		{"wss://piaille.fr/", "https://piaille.fr"},
		{"https://streaming.example", "https://streaming.example"},
		{"ws://127.0.0.1:4000", "http://127.0.0.1:4000"},
		{"ws://localhost:4000/", "http://localhost:4000"},
		// Never the token in the clear, nor to an odd place.
		{"ws://streaming.example", ""},
		{"http://streaming.example", ""},
		{"ftp://streaming.example", ""},
		{"streaming.example", ""},
		{"wss://user:pw@streaming.example", ""},
		{"", ""},
	} {
		got := ""
		if u := streamingURL(tc.in); u != nil {
			got = u.String()
		}
		if got != tc.want {
			t.Errorf("streamingURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
