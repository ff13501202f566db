package monitor

import (
	"errors"
	"testing"
)

func TestFeedTemplatesBuildTheirAddresses(t *testing.T) {
	cases := []struct {
		t               FeedTemplate
		query, arg, lng string
		want            string
	}{
		{FeedGoogleNews, `"Maison Lumen"`, "", "fr",
			"https://news.google.com/rss/search?q=%22Maison+Lumen%22&hl=fr&gl=FR&ceid=FR:fr"},
		{FeedGoogleNews, `"Maison Lumen" OR @maisonlumen.bsky.social -soldes`, "", "en",
			"https://news.google.com/rss/search?q=%22Maison+Lumen%22+OR+%28maisonlumen+-soldes%29&hl=en-US&gl=US&ceid=US:en"},
		{FeedGoogleNews, `luminaire lang:de`, "", "fr",
			"https://news.google.com/rss/search?q=luminaire&hl=de&gl=DE&ceid=DE:de"},
		{FeedReddit, `lumen -soldes #design`, "", "fr",
			"https://www.reddit.com/search.rss?q=lumen+NOT+soldes+design&sort=new"},
		{FeedYouTube, "", "UCabcdefghijklmnopqrstuv", "",
			"https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv"},
		{FeedYouTube, "", "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv/videos", "",
			"https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv"},
		{FeedGoogleAlerts, "", " https://www.google.com/alerts/feeds/0123/4567 ", "",
			"https://www.google.com/alerts/feeds/0123/4567"},
		{FeedBlog, "", "https://blog.lumiere-co.fr/feed/", "",
			"https://blog.lumiere-co.fr/feed/"},
	}
	for _, c := range cases {
		got, err := FeedURL(c.t, c.query, c.arg, c.lng)
		if err != nil || got != c.want {
			t.Errorf("%s %q %q: got %q, %v\nwant %q", c.t, c.query, c.arg, got, err, c.want)
		}
	}
}

func TestFeedTemplatesRefuseWhatTheyCannotUse(t *testing.T) {
	cases := []struct {
		t          FeedTemplate
		query, arg string
		want       error
	}{
		{FeedYouTube, "", "https://www.youtube.com/@maisonlumen", ErrNotYouTube},
		{FeedYouTube, "", "UC-too-short", ErrNotYouTube},
		{FeedGoogleAlerts, "", "https://news.google.com/rss/search?q=x", ErrNotGoogleAlerts},
		{FeedBlog, "", "blog.lumiere-co.fr", ErrNotAnAddress},
		{FeedTemplate("bing"), "x", "", ErrFeedTemplate},
	}
	for _, c := range cases {
		if _, err := FeedURL(c.t, c.query, c.arg, "fr"); !errors.Is(err, c.want) {
			t.Errorf("%s %q %q: got %v, want %v", c.t, c.query, c.arg, err, c.want)
		}
	}
	if _, err := FeedURL(FeedGoogleNews, `"unclosed`, "", "fr"); err == nil {
		t.Error("a malformed query built an address")
	}
}
