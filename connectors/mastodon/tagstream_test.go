package mastodon_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/connectors/mastodon"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// tagStream runs StreamTags until the test ends, handing its events over.
type tagStream struct {
	events chan monitor.TagEvent
	done   chan error
	cancel context.CancelFunc
}

func startTagStream(t *testing.T, c *mastodon.Connector, tags ...string) *tagStream {
	t.Helper()
	sctx, cancel := context.WithCancel(ctx(t))
	s := &tagStream{events: make(chan monitor.TagEvent, 100), done: make(chan error, 1), cancel: cancel}
	go func() { s.done <- c.StreamTags(sctx, tags, func(e monitor.TagEvent) { s.events <- e }) }()
	t.Cleanup(func() {
		cancel()
		<-s.done // nothing left running once the test ends
	})
	return s
}

func (s *tagStream) next(t *testing.T) monitor.TagEvent {
	t.Helper()
	select {
	case e := <-s.events:
		return e
	case err := <-s.done:
		s.done <- err
		t.Fatalf("the stream stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return monitor.TagEvent{}
}

// stopped waits for the stream to stop, and says why.
func (s *tagStream) stopped(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the stream goes on")
	}
	return nil
}

func waitTags(t *testing.T, fake *mastodontest.Server, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Equal(fake.StreamedTags(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the streams follow %q, want %q", fake.StreamedTags(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStreamTags(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode mastodontest.Streaming
		// asked are the streaming requests, in order; conns, the
		// connections the stream holds.
		asked []string
		conns int
	}{
		{"Mastodon: WebSocket", mastodontest.StreamBoth, []string{"/api/v1/streaming"}, 1},
		{"SSE only", mastodontest.StreamSSE, []string{"/api/v1/streaming", "/api/v1/streaming/hashtag", "/api/v1/streaming/hashtag"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, fake := open(t)
			fake.SetStreamingMode(tc.mode)
			fake.SetHeartbeat(10 * time.Millisecond)
			s := startTagStream(t, c, "#MaisonLumen", "lampes", "maisonlumen")
			if e := s.next(t); !e.Opened || e.Found != nil {
				t.Fatalf("first event %+v, want Opened", e)
			}
			waitStreams(t, fake, tc.conns)
			waitTags(t, fake, "lampes", "maisonlumen")

			fake.Post("chloe", "Privé #maisonlumen", mastodontest.PostOptions{Visibility: "private"})
			fake.Post("bob", "Rien à voir #autre", mastodontest.PostOptions{})
			hit := fake.Post("alice", "J'adore les #lampes de #MaisonLumen", mastodontest.PostOptions{Language: "fr", SpoilerText: "Avis"})
			// Once per hashtag followed, as Mastodon sends it.
			a, b := s.next(t), s.next(t)
			if a.Found == nil || b.Found == nil || a.Found.URI != b.Found.URI {
				t.Fatalf("events %+v, %+v: want the status twice", a, b)
			}
			page, err := c.SearchPosts(ctx(t), monitor.Search{Hashtag: "lampes"})
			if err != nil || len(page.Found) != 1 {
				t.Fatalf("the timeline: %+v, %v", page.Found, err)
			}
			if !reflect.DeepEqual(*a.Found, page.Found[0]) {
				t.Errorf("streamed %+v\ntimeline %+v: want the same", *a.Found, page.Found[0])
			}
			if !strings.HasSuffix(a.Found.URI, "/"+hit) || a.Found.Text != "Avis\n\nJ'adore les #lampes de #MaisonLumen" {
				t.Errorf("streamed %+v", *a.Found)
			}
			// The private status and the other hashtag never came.
			next := fake.Post("emma@other.example", "Love #maisonlumen", mastodontest.PostOptions{Language: "en"})
			if e := s.next(t); e.Found == nil || !strings.HasSuffix(e.Found.URI, "/"+next) || e.Found.Author.Handle != "emma@other.example" {
				t.Errorf("event %+v, want emma's status", e)
			}

			if got := streamPaths(fake); !slices.Equal(got, tc.asked) {
				t.Errorf("streaming requests %q, want %q", got, tc.asked)
			}
			for _, r := range fake.Requests() {
				if r.Query.Get("access_token") != "" {
					t.Errorf("the token in the URL of %s", r.Path)
				}
			}

			// A restart ends the stream as a drop; opened again, it is
			// told so again.
			fake.CloseStreams()
			var ne *app.NetError
			if err := s.stopped(t); !errors.As(err, &ne) || ne.Kind != app.FailOffline {
				t.Fatalf("after a restart: %v, want FailOffline", err)
			}
			again := startTagStream(t, c, "maisonlumen")
			if e := again.next(t); !e.Opened {
				t.Errorf("first event again %+v", e)
			}
			waitTags(t, fake, "maisonlumen")
			fake.Post("alice", "Encore #maisonlumen", mastodontest.PostOptions{})
			if e := again.next(t); e.Found == nil {
				t.Errorf("event %+v after reopening", e)
			}
			again.cancel()
			if err := again.stopped(t); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: %v", err)
			}
		})
	}
}

func TestStreamTagsWhereNoneIsOffered(t *testing.T) {
	t.Run("GoToSocial", func(t *testing.T) {
		// Its WebSocket would take the subscription without a word and
		// send nothing: it is not asked.
		c, fake := open(t)
		fake.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 23, GoToSocial: true})
		err := c.StreamTags(ctx(t), []string{"maisonlumen"}, func(e monitor.TagEvent) { t.Errorf("event %+v", e) })
		if !errors.Is(err, monitor.ErrNoTagStream) || !strings.Contains(err.Error(), "GoToSocial") {
			t.Fatalf("StreamTags = %v, want ErrNoTagStream", err)
		}
		if got := streamPaths(fake); len(got) != 0 {
			t.Errorf("streaming requests %q, want none", got)
		}
	})
	t.Run("a subscription answered with an error", func(t *testing.T) {
		c, fake := open(t)
		fake.SetStreamingMode(mastodontest.StreamBoth)
		fake.SetTagStreaming(false)
		s := startTagStream(t, c, "maisonlumen")
		if e := s.next(t); !e.Opened {
			t.Fatalf("first event %+v", e)
		}
		if err := s.stopped(t); !errors.Is(err, monitor.ErrNoTagStream) || !strings.Contains(err.Error(), "Unknown stream type") {
			t.Fatalf("StreamTags = %v, want ErrNoTagStream with the server's words", err)
		}
	})
	t.Run("SSE only, 404", func(t *testing.T) {
		c, fake := open(t)
		fake.SetStreamingMode(mastodontest.StreamSSE)
		fake.SetTagStreaming(false)
		err := c.StreamTags(ctx(t), []string{"maisonlumen"}, func(e monitor.TagEvent) { t.Errorf("event %+v", e) })
		if !errors.Is(err, monitor.ErrNoTagStream) {
			t.Fatalf("StreamTags = %v, want ErrNoTagStream", err)
		}
		// The user stream is not taken for gone with it.
		s := startStream(t, c)
		s.opened(t)
	})
	t.Run("more hashtags than SSE connections", func(t *testing.T) {
		c, fake := open(t)
		fake.SetStreamingMode(mastodontest.StreamSSE)
		var tags []string
		for i := range 9 {
			tags = append(tags, fmt.Sprint("tag", i))
		}
		err := c.StreamTags(ctx(t), tags, func(e monitor.TagEvent) { t.Errorf("event %+v", e) })
		if !errors.Is(err, monitor.ErrNoTagStream) {
			t.Fatalf("StreamTags = %v, want ErrNoTagStream", err)
		}
		if got := streamPaths(fake); slices.Contains(got, "/api/v1/streaming/hashtag") {
			t.Errorf("streaming requests %q", got)
		}
	})
}
