package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"time"
)

// Media storage the user owns.
//
// Instagram and Threads do not take an image in the request that creates
// a post: they fetch it from a public address. Relais gives them one from
// a bucket the user owns (any S3-compatible storage: AWS, Scaleway, OVH,
// Cloudflare R2, MinIO, Backblaze B2), as a short-lived presigned URL, so
// that the bucket itself stays private. A connector that needs it does,
// for each image of a post:
//
//	host, err := storage.Host(ctx)          // ErrNoMediaStorage when none is set
//	key := app.MediaKey(clock.Now(), ".jpg")
//	err = host.Put(ctx, key, file, size, "image/jpeg")   // before creating the container
//	u, err := host.URL(ctx, key, app.MediaURLTTL)        // 15 minutes: Meta fetches at once
//	// ... create the container with image_url=u, wait for FINISHED, publish ...
//	err = host.Delete(ctx, key)                          // once published (or refused)
//
// and once per run, before staging anything, app.SweepMedia(ctx, host,
// clock.Now()) deletes what a crash mid-way left behind (objects older
// than MediaLeftoverAge), so that nothing lingers in the user's bucket.
// The URL is a capability: never log it, nor store it.

// MediaHost is a storage the user owns that serves files at a public,
// short-lived address. Keys are relative to the storage's prefix; the
// implementation adds it.
type MediaHost interface {
	// Put stores size bytes of r under key.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// URL returns a presigned address where anyone may GET the object
	// for ttl, and no longer.
	URL(ctx context.Context, key string, ttl time.Duration) (string, error)
	// Delete removes the object; removing none is fine.
	Delete(ctx context.Context, key string) error
	// List returns the objects under the storage's prefix, for the sweep.
	List(ctx context.Context) ([]MediaObject, error)
	// Check puts a small object, fetches it back through its presigned
	// URL with a plain GET, compares the bytes and deletes it, telling
	// step about each step as it starts and ends. It returns the first
	// step's error; warnings (a bucket anyone may list) come back in
	// the result.
	Check(ctx context.Context, step func(MediaCheckStep)) (MediaCheckResult, error)
}

// MediaObject is an object in a MediaHost.
type MediaObject struct {
	Key      string // relative to the prefix
	Modified time.Time
	Size     int64
}

// MediaCheckStage is a step of MediaHost.Check.
type MediaCheckStage string

// The steps of a check, in order.
const (
	MediaCheckPut     MediaCheckStage = "put"
	MediaCheckURL     MediaCheckStage = "url"
	MediaCheckGet     MediaCheckStage = "get"
	MediaCheckCompare MediaCheckStage = "compare"
	MediaCheckDelete  MediaCheckStage = "delete"
	MediaCheckGone    MediaCheckStage = "gone"
	MediaCheckListing MediaCheckStage = "listing"
)

// MediaCheckStages are the steps of a check, in order.
var MediaCheckStages = []MediaCheckStage{MediaCheckPut, MediaCheckURL, MediaCheckGet, MediaCheckCompare, MediaCheckDelete, MediaCheckGone, MediaCheckListing}

// MediaCheckStep is a step of a check starting (Done false) or ending.
type MediaCheckStep struct {
	Stage MediaCheckStage
	Done  bool
	Err   error // when it ended in failure
}

// MediaCheckResult is what a check that went through found.
type MediaCheckResult struct {
	// PublicListing is true when anyone may list the bucket without
	// signing: presigned URLs are the point, so this is not needed, and
	// it shows every staged image's name to the world.
	PublicListing bool
}

// MediaURLTTL is how long a presigned URL given to a network lives: Meta
// fetches the image when the container is created, within seconds.
const MediaURLTTL = 15 * time.Minute

// MediaLeftoverAge is the age after which a staged object is a leftover
// of an interrupted publication, deleted by SweepMedia.
const MediaLeftoverAge = 24 * time.Hour

// MediaKey returns a new key for a staged file made at t, ending in ext
// (".jpg"): unguessable, and sorted by time.
func MediaKey(t time.Time, ext string) string {
	return t.UTC().Format("2006-01-02") + "/" + NewID(t).String() + ext
}

// SweepMedia deletes the host's objects older than MediaLeftoverAge at
// now, and returns how many it deleted.
func SweepMedia(ctx context.Context, host MediaHost, now time.Time) (int, error) {
	objects, err := host.List(ctx)
	if err != nil {
		return 0, fmt.Errorf("listing the media storage's leftovers: %w", err)
	}
	n := 0
	for _, o := range objects {
		if now.Sub(o.Modified) < MediaLeftoverAge {
			continue
		}
		if err := host.Delete(ctx, o.Key); err != nil {
			return n, fmt.Errorf("deleting the leftover %s: %w", o.Key, err)
		}
		n++
	}
	return n, nil
}

// Errors of a media storage, said in plain words by the interface.
var (
	ErrNoMediaStorage        = errors.New("no media storage is set (Settings, or relais storage set)")
	ErrMediaStorageAuth      = errors.New("the storage refused the access key or the secret key")
	ErrMediaStorageNoBucket  = errors.New("the storage has no such bucket")
	ErrMediaStorageRegion    = errors.New("the bucket is in another region than the one set")
	ErrMediaStorageDenied    = errors.New("the storage's key may not do this in this bucket")
	ErrMediaStorageOffline   = errors.New("the storage cannot be reached at this address")
	ErrMediaStorageClockSkew = errors.New("this computer's clock is too far from the storage's")
	ErrMediaStorageMismatch  = errors.New("the file fetched through the presigned address is not the one stored")
	ErrMediaStorageNoSecret  = errors.New("the keychain holds no secret key for the media storage")
	ErrBadMediaStorage       = errors.New("the media storage needs an https (or http) endpoint, a bucket and an access key")
)

// MediaStorageKind is the kind of a media storage; only S3-compatible
// ones for now.
type MediaStorageKind string

// MediaStorageS3 is any S3-compatible storage.
const MediaStorageS3 MediaStorageKind = "s3"

// MediaStorageSettings is where the media storage is and how to sign in,
// but for the secret key, which only the keychain holds.
type MediaStorageSettings struct {
	Kind MediaStorageKind `json:"kind"`
	// Endpoint is the storage's base URL: https://s3.fr-par.scw.cloud,
	// https://<account>.r2.cloudflarestorage.com, http://localhost:9000.
	Endpoint string `json:"endpoint"`
	Bucket   string `json:"bucket"`
	// Region is the region the signatures name ("us-east-1" when empty;
	// "auto" on Cloudflare R2).
	Region      string `json:"region,omitempty"`
	AccessKeyID string `json:"access_key_id"`
	// PathStyle addresses the bucket as endpoint/bucket/key rather than
	// bucket.endpoint/key (MinIO, and some providers, need it).
	PathStyle bool `json:"path_style,omitempty"`
	// Prefix is a folder in the bucket for Relais's files ("relais/").
	Prefix string `json:"prefix,omitempty"`
}

// Validate checks that the settings name a storage.
func (s MediaStorageSettings) Validate() error {
	if s.Kind != MediaStorageS3 {
		return fmt.Errorf("%w: unknown kind %q", ErrBadMediaStorage, s.Kind)
	}
	u, err := url.Parse(s.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("%w: the endpoint %q is not a base URL such as https://s3.example.com", ErrBadMediaStorage, s.Endpoint)
	}
	if strings.TrimSpace(s.Bucket) == "" || strings.ContainsAny(s.Bucket, "/ ") {
		return fmt.Errorf("%w: bucket %q", ErrBadMediaStorage, s.Bucket)
	}
	if strings.TrimSpace(s.AccessKeyID) == "" {
		return fmt.Errorf("%w: no access key", ErrBadMediaStorage)
	}
	if s.Prefix != "" && (strings.HasPrefix(s.Prefix, "/") || path.Clean("/"+s.Prefix) == "/") {
		return fmt.Errorf("%w: prefix %q", ErrBadMediaStorage, s.Prefix)
	}
	return nil
}

// normalized trims the settings as typed.
func (s MediaStorageSettings) normalized() MediaStorageSettings {
	s.Endpoint = strings.TrimRight(strings.TrimSpace(s.Endpoint), "/")
	s.Bucket = strings.TrimSpace(s.Bucket)
	s.Region = strings.TrimSpace(s.Region)
	s.AccessKeyID = strings.TrimSpace(s.AccessKeyID)
	s.Prefix = strings.TrimSpace(s.Prefix)
	if s.Prefix != "" && !strings.HasSuffix(s.Prefix, "/") {
		s.Prefix += "/"
	}
	return s
}

// NamedSecretStore keeps secrets that belong to the workspace rather than
// to an account, by a name no account ID can take. The keychain
// implements it.
type NamedSecretStore interface {
	PutNamedSecret(ctx context.Context, name, value string) error
	// NamedSecret returns the secret, or ErrNoSecret.
	NamedSecret(ctx context.Context, name string) (string, error)
	// DeleteNamedSecret removes it; removing none is fine.
	DeleteNamedSecret(ctx context.Context, name string) error
}

// MediaStorageSecretName is the keychain's name of the media storage's
// secret key: its ':' is in no account ID.
const MediaStorageSecretName = "storage:s3"

// MediaHostOpener makes the MediaHost of settings and their secret key.
type MediaHostOpener func(s MediaStorageSettings, secretKey string) (MediaHost, error)

const settingMediaStorage = "media.storage"

// MediaStorage is the workspace's media storage: its settings in the
// database, its secret key in the keychain.
type MediaStorage struct {
	settings SettingsStore
	secrets  NamedSecretStore
	open     MediaHostOpener
}

// NewMediaStorage returns the media storage kept in settings and secrets,
// opened with open.
func NewMediaStorage(settings SettingsStore, secrets NamedSecretStore, open MediaHostOpener) *MediaStorage {
	return &MediaStorage{settings: settings, secrets: secrets, open: open}
}

// Settings returns the storage's settings; ok is false when none is set.
func (m *MediaStorage) Settings(ctx context.Context) (s MediaStorageSettings, ok bool, err error) {
	v, err := m.settings.Setting(ctx, settingMediaStorage)
	if err != nil {
		return s, false, fmt.Errorf("reading the media storage's settings: %w", err)
	}
	if v == "" {
		return s, false, nil
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return MediaStorageSettings{}, false, fmt.Errorf("reading the media storage's settings: %w", err)
	}
	return s, true, nil
}

// HasSecret reports whether the keychain holds the storage's secret key.
func (m *MediaStorage) HasSecret(ctx context.Context) (bool, error) {
	_, err := m.secrets.NamedSecret(ctx, MediaStorageSecretName)
	if errors.Is(err, ErrNoSecret) {
		return false, nil
	}
	return err == nil, err
}

// Set stores the settings, and the secret key in the keychain unless it
// is "" (which keeps the one stored). The secret goes first: settings
// without their secret would be a storage that cannot sign in.
func (m *MediaStorage) Set(ctx context.Context, s MediaStorageSettings, secretKey string) error {
	s = s.normalized()
	if s.Kind == "" {
		s.Kind = MediaStorageS3
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if secretKey != "" {
		if err := m.secrets.PutNamedSecret(ctx, MediaStorageSecretName, secretKey); err != nil {
			return fmt.Errorf("saving the media storage's secret key: %w", err)
		}
	} else if ok, err := m.HasSecret(ctx); err != nil {
		return err
	} else if !ok {
		return ErrMediaStorageNoSecret
	}
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("saving the media storage's settings: %w", err)
	}
	if err := m.settings.SetSetting(ctx, settingMediaStorage, string(data)); err != nil {
		return fmt.Errorf("saving the media storage's settings: %w", err)
	}
	return nil
}

// Remove forgets the storage: its settings and its secret key. The
// bucket and what it holds stay.
func (m *MediaStorage) Remove(ctx context.Context) error {
	if err := m.secrets.DeleteNamedSecret(ctx, MediaStorageSecretName); err != nil {
		return fmt.Errorf("removing the media storage's secret key: %w", err)
	}
	if err := m.settings.SetSetting(ctx, settingMediaStorage, ""); err != nil {
		return fmt.Errorf("removing the media storage's settings: %w", err)
	}
	return nil
}

// Host opens the storage: ErrNoMediaStorage when none is set.
func (m *MediaStorage) Host(ctx context.Context) (MediaHost, error) {
	s, ok, err := m.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNoMediaStorage
	}
	secret, err := m.secrets.NamedSecret(ctx, MediaStorageSecretName)
	if errors.Is(err, ErrNoSecret) {
		return nil, ErrMediaStorageNoSecret
	}
	if err != nil {
		return nil, fmt.Errorf("reading the media storage's secret key: %w", err)
	}
	return m.open(s, secret)
}

// Check opens the storage and checks it (see MediaHost.Check).
func (m *MediaStorage) Check(ctx context.Context, step func(MediaCheckStep)) (MediaCheckResult, error) {
	host, err := m.Host(ctx)
	if err != nil {
		return MediaCheckResult{}, err
	}
	return host.Check(ctx, step)
}
