package s3host_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/s3host"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

const bucket = "relais-media"

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// pathStyle is the settings of the fake, path-style.
func pathStyle(s *s3hosttest.Server) app.MediaStorageSettings {
	return app.MediaStorageSettings{Kind: app.MediaStorageS3, Endpoint: s.URL, Bucket: bucket, Region: s.Region, AccessKeyID: s.AccessKey, PathStyle: true, Prefix: "relais/"}
}

func open(t *testing.T, s *s3hosttest.Server, settings app.MediaStorageSettings, secret string) *s3host.Host {
	t.Helper()
	h, err := s3host.New(settings, secret, s3host.Options{Transport: s.Transport()})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, client *http.Client, address string) (int, string) {
	t.Helper()
	resp, err := client.Get(address)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestPutPresignDelete stores an image, fetches it through its presigned
// URL with a plain GET, deletes it, and the URL then finds nothing —
// path-style, and virtual-hosted (bucket.s3.test).
func TestPutPresignDelete(t *testing.T) {
	for _, virtual := range []bool{false, true} {
		t.Run(map[bool]string{false: "path-style", true: "virtual-hosted"}[virtual], func(t *testing.T) {
			fake := s3hosttest.New(t, bucket)
			settings := pathStyle(fake)
			client := http.DefaultClient
			if virtual {
				settings.PathStyle, settings.Endpoint = false, fake.Endpoint()
				client = &http.Client{Transport: fake.Transport()}
			}
			host := open(t, fake, settings, fake.SecretKey)
			image := bytes.Repeat([]byte{0xff, 0xd8, 0xff, 0xe0}, 50_000) // 200 kB, several chunks
			key := app.MediaKey(time.Now(), ".jpg")
			if err := host.Put(ctx(t), key, bytes.NewReader(image), int64(len(image)), "image/jpeg"); err != nil {
				t.Fatalf("Put: %v\n%s", err, strings.Join(fake.Log(), "\n"))
			}
			stored, contentType, ok := fake.Object(bucket, "relais/"+key)
			if !ok || !bytes.Equal(stored, image) || contentType != "image/jpeg" {
				t.Fatalf("the fake holds %d bytes of %q (ok %v), want the %d bytes of the image under relais/%s; keys %v", len(stored), contentType, ok, len(image), key, fake.Keys(bucket))
			}
			address, err := host.URL(ctx(t), key, app.MediaURLTTL)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(address)
			if virtual != strings.HasPrefix(u.Host, bucket+".") {
				t.Errorf("the URL's host is %s", u.Host)
			}
			if _, ttl, err := s3hosttest.PresignedExpiry(address); err != nil || ttl != 15*time.Minute {
				t.Errorf("the URL lives %v (%v), want 15 minutes", ttl, err)
			}
			if code, body := get(t, client, address); code != http.StatusOK || body != string(image) {
				t.Fatalf("GET of the presigned URL: %d, %d bytes", code, len(body))
			}
			objects, err := host.List(ctx(t))
			if err != nil || len(objects) != 1 || objects[0].Key != key || objects[0].Size != int64(len(image)) {
				t.Fatalf("List = %+v, %v", objects, err)
			}
			if err := host.Delete(ctx(t), key); err != nil {
				t.Fatal(err)
			}
			if keys := fake.Keys(bucket); len(keys) != 0 {
				t.Fatalf("after Delete, the bucket holds %v", keys)
			}
			if code, body := get(t, client, address); code != http.StatusNotFound || !strings.Contains(body, "NoSuchKey") {
				t.Fatalf("GET after Delete: %d %s", code, body)
			}
			if err := host.Delete(ctx(t), key); err != nil {
				t.Fatalf("deleting again: %v", err)
			}
		})
	}
}

// TestWrongSecretIsRefused: the fake checks signatures, so a wrong secret
// key (or an unknown access key) stores nothing and says so.
func TestWrongSecretIsRefused(t *testing.T) {
	for name, c := range map[string]struct {
		access, secret, code string
	}{
		"wrong secret":      {"", "x", "SignatureDoesNotMatch"},
		"unknown key":       {"AKIAUNKNOWN", "", "InvalidAccessKeyId"},
		"secret of another": {"", "upper", "SignatureDoesNotMatch"},
	} {
		t.Run(name, func(t *testing.T) {
			fake := s3hosttest.New(t, bucket)
			switch c.secret {
			case "x":
				c.secret = fake.SecretKey + "x"
			case "upper":
				c.secret = strings.ToUpper(fake.SecretKey)
			default:
				c.secret = fake.SecretKey
			}
			if c.access == "" {
				c.access = fake.AccessKey
			}
			settings := pathStyle(fake)
			settings.AccessKeyID = c.access
			host := open(t, fake, settings, c.secret)
			err := host.Put(ctx(t), "a.jpg", strings.NewReader("x"), 1, "image/jpeg")
			if !errors.Is(err, app.ErrMediaStorageAuth) || !strings.Contains(err.Error(), c.code) {
				t.Fatalf("Put: %v, want ErrMediaStorageAuth (%s)", err, c.code)
			}
			if strings.Contains(err.Error(), c.secret) {
				t.Fatal("the error holds the secret")
			}
			if keys := fake.Keys(bucket); len(keys) != 0 {
				t.Fatalf("stored %v", keys)
			}
			// A URL presigned with the wrong secret does not open either.
			fake.Put(bucket, "relais/b.jpg", []byte("b"), time.Now())
			address, err := host.URL(ctx(t), "b.jpg", time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if code, body := get(t, http.DefaultClient, address); code != http.StatusForbidden || !strings.Contains(body, c.code) {
				t.Fatalf("GET: %d %s", code, body)
			}
			if _, err := host.Check(ctx(t), nil); !errors.Is(err, app.ErrMediaStorageAuth) {
				t.Fatalf("Check: %v", err)
			}
		})
	}
}

// TestPresignedURLExpires: the URL opens within its time, and not after;
// a URL changed to reach another object is refused.
func TestPresignedURLExpires(t *testing.T) {
	fake := s3hosttest.New(t, bucket)
	host := open(t, fake, pathStyle(fake), fake.SecretKey)
	if err := host.Put(ctx(t), "a.jpg", strings.NewReader("image"), 5, "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	fake.Put(bucket, "relais/other.jpg", []byte("other"), time.Now())
	address, err := host.URL(ctx(t), "a.jpg", app.MediaURLTTL)
	if err != nil {
		t.Fatal(err)
	}
	signed, ttl, err := s3hosttest.PresignedExpiry(address)
	if err != nil || ttl != app.MediaURLTTL {
		t.Fatalf("X-Amz-Expires: %v, %v", ttl, err)
	}
	fake.SetClock(func() time.Time { return signed.Add(14 * time.Minute) })
	if code, body := get(t, http.DefaultClient, address); code != http.StatusOK || body != "image" {
		t.Fatalf("after 14 minutes: %d %s", code, body)
	}
	tampered := strings.Replace(address, "/a.jpg", "/other.jpg", 1)
	if code, body := get(t, http.DefaultClient, tampered); code != http.StatusForbidden || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Fatalf("a URL changed to another object: %d %s", code, body)
	}
	fake.SetClock(func() time.Time { return signed.Add(16 * time.Minute) })
	if code, body := get(t, http.DefaultClient, address); code != http.StatusForbidden || !strings.Contains(body, "Request has expired") {
		t.Fatalf("after 16 minutes: %d %s", code, body)
	}
}

// TestPlainErrors: each failure matches the sentinel the interface says
// in plain words.
func TestPlainErrors(t *testing.T) {
	fake := s3hosttest.New(t, bucket)
	t.Run("no such bucket", func(t *testing.T) {
		s := pathStyle(fake)
		s.Bucket = "nope"
		err := open(t, fake, s, fake.SecretKey).Put(ctx(t), "a", strings.NewReader("a"), 1, "text/plain")
		if !errors.Is(err, app.ErrMediaStorageNoBucket) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("wrong region", func(t *testing.T) {
		s := pathStyle(fake)
		s.Region = "eu-west-3"
		err := open(t, fake, s, fake.SecretKey).Put(ctx(t), "a", strings.NewReader("a"), 1, "text/plain")
		if !errors.Is(err, app.ErrMediaStorageRegion) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("clock skew", func(t *testing.T) {
		fake.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
		t.Cleanup(func() { fake.SetClock(time.Now) })
		err := open(t, fake, pathStyle(fake), fake.SecretKey).Put(ctx(t), "a", strings.NewReader("a"), 1, "text/plain")
		if !errors.Is(err, app.ErrMediaStorageClockSkew) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		s := pathStyle(fake)
		s.Endpoint = "http://" + addr
		h, err := s3host.New(s, fake.SecretKey, s3host.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = h.Put(ctx(t), "a", strings.NewReader("a"), 1, "text/plain")
		if !errors.Is(err, app.ErrMediaStorageOffline) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("bad settings", func(t *testing.T) {
		s := pathStyle(fake)
		s.Endpoint = "s3.example.com"
		if _, err := s3host.New(s, "x", s3host.Options{}); !errors.Is(err, app.ErrBadMediaStorage) {
			t.Fatalf("%v", err)
		}
	})
}

// TestCheck goes through every step, leaves nothing behind, and warns of
// a bucket anyone may list.
func TestCheck(t *testing.T) {
	for _, public := range []bool{false, true} {
		fake := s3hosttest.New(t, bucket)
		fake.SetPublicListing(bucket, public)
		host := open(t, fake, pathStyle(fake), fake.SecretKey)
		var steps []string
		result, err := host.Check(ctx(t), func(s app.MediaCheckStep) {
			if s.Done {
				steps = append(steps, string(s.Stage)+" done")
			} else {
				steps = append(steps, string(s.Stage))
			}
		})
		if err != nil {
			t.Fatalf("Check: %v\n%s", err, strings.Join(fake.Log(), "\n"))
		}
		want := "put,put done,url,url done,get,get done,compare,compare done,delete,delete done,gone,gone done,listing,listing done"
		if got := strings.Join(steps, ","); got != want {
			t.Errorf("steps %s\nwant %s", got, want)
		}
		if result.PublicListing != public {
			t.Errorf("public listing %v, want %v", result.PublicListing, public)
		}
		if keys := fake.Keys(bucket); len(keys) != 0 {
			t.Errorf("the check left %v", keys)
		}
		t.Logf("public %v: %s", public, strings.Join(fake.Log(), "; "))
	}
}

// TestSweep deletes the leftovers older than a day, and only them.
func TestSweep(t *testing.T) {
	fake := s3hosttest.New(t, bucket)
	now := time.Now()
	fake.Put(bucket, "relais/old.jpg", []byte("o"), now.Add(-25*time.Hour))
	fake.Put(bucket, "relais/new.jpg", []byte("n"), now.Add(-time.Hour))
	fake.Put(bucket, "theirs/old.jpg", []byte("t"), now.Add(-100*time.Hour))
	host := open(t, fake, pathStyle(fake), fake.SecretKey)
	n, err := app.SweepMedia(ctx(t), host, now)
	if err != nil || n != 1 {
		t.Fatalf("SweepMedia = %d, %v", n, err)
	}
	if got := strings.Join(fake.Keys(bucket), ","); got != "relais/new.jpg,theirs/old.jpg" {
		t.Fatalf("left %s", got)
	}
}
