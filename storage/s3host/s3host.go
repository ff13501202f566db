// Package s3host is app.MediaHost on any S3-compatible storage (AWS S3,
// Scaleway, OVH, Cloudflare R2, Backblaze B2, MinIO), through
// github.com/minio/minio-go/v7, a client written for S3-compatible
// servers rather than AWS alone.
//
// Objects go under the settings' prefix; URLs are presigned GETs (AWS
// Signature Version 4 in the query), so the bucket stays private. Its
// errors match the app.ErrMediaStorage… sentinels, which the interface
// says in plain words.
package s3host

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/relais-app/relais/app"
)

// Host is app.MediaHost on an S3-compatible bucket.
type Host struct {
	client *minio.Client
	bucket string
	prefix string
	// pathStyle is true when the bucket is in the path, not the host.
	pathStyle bool
	// http fetches presigned URLs and probes public listing, as a
	// network would: without signing.
	http *http.Client
}

var _ app.MediaHost = (*Host)(nil)

// Options are what tests change.
type Options struct {
	// Transport carries the requests (http.DefaultTransport when nil).
	Transport http.RoundTripper
}

// Opener returns the app.MediaHostOpener of the storages' settings.
func Opener(opts Options) app.MediaHostOpener {
	return func(s app.MediaStorageSettings, secretKey string) (app.MediaHost, error) {
		return New(s, secretKey, opts)
	}
}

// New returns the host of the settings, signing with secretKey. It makes
// no request.
func New(s app.MediaStorageSettings, secretKey string, opts Options) (*Host, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	u, err := url.Parse(s.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", app.ErrBadMediaStorage, err)
	}
	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	lookup := minio.BucketLookupDNS
	if s.PathStyle {
		lookup = minio.BucketLookupPath
	}
	region := s.Region
	if region == "" {
		region = "us-east-1"
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(s.AccessKeyID, secretKey, ""),
		Secure:       u.Scheme == "https",
		Region:       region,
		BucketLookup: lookup,
		Transport:    transport,
		// A refused key or a missing bucket is not retried; a dropped
		// connection is, a little, not for minutes.
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", app.ErrBadMediaStorage, err)
	}
	return &Host{
		client:    client,
		bucket:    s.Bucket,
		prefix:    s.Prefix,
		pathStyle: s.PathStyle,
		http:      &http.Client{Transport: transport, Timeout: 30 * time.Second},
	}, nil
}

// Put implements app.MediaHost.
func (h *Host) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := h.client.PutObject(ctx, h.bucket, h.prefix+key, r, size, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("storing %s in the media storage: %w", key, plain(err))
	}
	return nil
}

// URL implements app.MediaHost. Presigning is computed here, with no
// request: a wrong key only shows when the URL is fetched.
func (h *Host) URL(ctx context.Context, key string, ttl time.Duration) (string, error) {
	u, err := h.client.PresignedGetObject(ctx, h.bucket, h.prefix+key, ttl, nil)
	if err != nil {
		return "", fmt.Errorf("presigning the address of %s: %w", key, plain(err))
	}
	return u.String(), nil
}

// Delete implements app.MediaHost.
func (h *Host) Delete(ctx context.Context, key string) error {
	if err := h.client.RemoveObject(ctx, h.bucket, h.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("deleting %s from the media storage: %w", key, plain(err))
	}
	return nil
}

// List implements app.MediaHost.
func (h *Host) List(ctx context.Context) ([]app.MediaObject, error) {
	var objects []app.MediaObject
	for o := range h.client.ListObjectsIter(ctx, h.bucket, minio.ListObjectsOptions{Prefix: h.prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("listing the media storage: %w", plain(o.Err))
		}
		objects = append(objects, app.MediaObject{Key: strings.TrimPrefix(o.Key, h.prefix), Modified: o.LastModified, Size: o.Size})
	}
	return objects, nil
}

// Check implements app.MediaHost.
func (h *Host) Check(ctx context.Context, step func(app.MediaCheckStep)) (app.MediaCheckResult, error) {
	var result app.MediaCheckResult
	if step == nil {
		step = func(app.MediaCheckStep) {}
	}
	run := func(stage app.MediaCheckStage, f func() error) error {
		step(app.MediaCheckStep{Stage: stage})
		err := f()
		step(app.MediaCheckStep{Stage: stage, Done: true, Err: err})
		return err
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	body := []byte("Relais checks its media storage: " + hex.EncodeToString(nonce) + "\n")
	key := "relais-check-" + hex.EncodeToString(nonce[:8]) + ".txt"
	if err := run(app.MediaCheckPut, func() error {
		return h.Put(ctx, key, bytes.NewReader(body), int64(len(body)), "text/plain; charset=utf-8")
	}); err != nil {
		return result, err
	}
	// Whatever happens next, the object goes.
	deleted := false
	defer func() {
		if !deleted {
			h.Delete(context.WithoutCancel(ctx), key)
		}
	}()
	var address string
	if err := run(app.MediaCheckURL, func() (err error) {
		address, err = h.URL(ctx, key, time.Minute)
		return err
	}); err != nil {
		return result, err
	}
	var got []byte
	if err := run(app.MediaCheckGet, func() (err error) {
		got, err = h.fetch(ctx, address)
		return err
	}); err != nil {
		return result, err
	}
	if err := run(app.MediaCheckCompare, func() error {
		if !bytes.Equal(got, body) {
			return app.ErrMediaStorageMismatch
		}
		return nil
	}); err != nil {
		return result, err
	}
	if err := run(app.MediaCheckDelete, func() error { return h.Delete(ctx, key) }); err != nil {
		return result, err
	}
	deleted = true
	if err := run(app.MediaCheckGone, func() error {
		_, err := h.fetch(ctx, address)
		if err == nil {
			return fmt.Errorf("%w: the file is still served after its deletion", app.ErrMediaStorageMismatch)
		}
		if errors.Is(err, errNotFound) {
			return nil
		}
		return err
	}); err != nil {
		return result, err
	}
	err := run(app.MediaCheckListing, func() (err error) {
		result.PublicListing, err = h.listsPublicly(ctx)
		return err
	})
	return result, err
}

// errNotFound is a presigned GET answered 404.
var errNotFound = errors.New("no such file")

// fetch GETs a presigned URL as a network would, unsigned.
func (h *Host) fetch(ctx context.Context, address string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, err
	}
	resp, err := h.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching the presigned address: %w", plain(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("fetching the presigned address: %w", plain(err))
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, errNotFound
	}
	if resp.StatusCode != http.StatusOK {
		// The error's XML has its code, as for minio-go's requests.
		e := minio.ErrorResponse{StatusCode: resp.StatusCode}
		if xml.Unmarshal(data, &e) != nil || e.Code == "" {
			e.Code = resp.Status
		}
		return nil, fmt.Errorf("fetching the presigned address: %w", plain(e))
	}
	return data, nil
}

// listsPublicly reports whether anyone may list the bucket unsigned.
func (h *Host) listsPublicly(ctx context.Context) (bool, error) {
	u := h.client.EndpointURL()
	q := url.Values{"list-type": {"2"}, "max-keys": {"1"}}
	if h.pathStyle {
		u.Path = "/" + h.bucket + "/"
	} else {
		u.Host = h.bucket + "." + u.Host
		u.Path = "/"
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return false, err
	}
	resp, err := h.http.Do(req)
	if err != nil {
		return false, nil // a probe, not a step that fails the check
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode == http.StatusOK, nil
}
