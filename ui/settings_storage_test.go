package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/s3host"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

// withStorage gives the window a media storage over keys, opened with
// open.
func withStorage(keys *keychaintest.Memory, open app.MediaHostOpener) func(*fixture, *Deps) {
	return func(f *fixture, d *Deps) {
		d.MediaStorage = app.NewMediaStorage(f.db, keys, open)
	}
}

func TestStorageSettingsSaveAndTest(t *testing.T) {
	fake := s3hosttest.New(t, "relais-media")
	keys := &keychaintest.Memory{}
	f := newFixture(t, app.LanguageEnglish, withStorage(keys, s3host.Opener(s3host.Options{Transport: fake.Transport()})))
	f.w.ShowView("settings")
	f.idle()
	st := f.w.settings.storage
	if st == nil {
		t.Fatal("Settings has no media storage section")
	}
	if !strings.Contains(st.status.Text, "No media storage is set") || !st.test.Disabled() {
		t.Fatalf("with none set: %q, Test disabled %v", st.status.Text, st.test.Disabled())
	}

	test.Type(st.endpoint, fake.URL)
	test.Type(st.bucket, "relais-media")
	test.Type(st.region, fake.Region)
	test.Type(st.accessKey, fake.AccessKey)
	test.Type(st.secret, fake.SecretKey+"-typo")
	st.pathStyle.SetChecked(true)
	test.Tap(st.save)
	f.idle()
	if !strings.Contains(st.status.Text, "Saved") {
		t.Fatalf("after Save: %q", st.status.Text)
	}
	if st.secret.Text != "" || st.secret.PlaceHolder != "Kept in the keychain (type to replace)" {
		t.Errorf("the secret field shows %q / %q after saving", st.secret.Text, st.secret.PlaceHolder)
	}
	// A wrong secret key fails at the first step, in plain words.
	test.Tap(st.test)
	f.idle()
	if want := "Failed at “store a small test file”: The storage refused the access key or the secret key"; !strings.HasPrefix(st.status.Text, want) {
		t.Fatalf("test with a wrong secret: %q", st.status.Text)
	}

	// The right one, typed again, replaces it in the keychain.
	test.Type(st.secret, fake.SecretKey)
	test.Tap(st.save)
	f.idle()
	if secret, _ := keys.NamedSecret(context.Background(), app.MediaStorageSecretName); secret != fake.SecretKey {
		t.Fatalf("the keychain holds %q", secret)
	}
	if v, _ := f.db.Setting(context.Background(), "media.storage"); strings.Contains(v, fake.SecretKey) || !strings.Contains(v, fake.AccessKey) {
		t.Fatalf("the database holds %s", v)
	}
	test.Tap(st.test)
	if !st.progress.Visible() {
		t.Error("no progress while the test runs")
	}
	f.idle()
	if st.progress.Visible() || !strings.HasPrefix(st.status.Text, "It works") {
		t.Fatalf("test: %q (progress shown %v)\n%s", st.status.Text, st.progress.Visible(), strings.Join(fake.Log(), "\n"))
	}
	if keys := fake.Keys("relais-media"); len(keys) != 0 {
		t.Errorf("the test left %v", keys)
	}

	// Shown again, Settings reads it back, the secret as kept only.
	f.w.ShowView("compose")
	f.w.ShowView("settings")
	f.idle()
	st = f.w.settings.storage
	if st.endpoint.Text != fake.URL || st.bucket.Text != "relais-media" || !st.pathStyle.Checked || st.secret.Text != "" || st.test.Disabled() {
		t.Fatalf("read back %q %q %v %q", st.endpoint.Text, st.bucket.Text, st.pathStyle.Checked, st.secret.Text)
	}

	test.Tap(st.remove)
	f.idle()
	if _, err := keys.NamedSecret(context.Background(), app.MediaStorageSecretName); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("after Remove, the keychain: %v", err)
	}
	if st.endpoint.Text != "" || !st.test.Disabled() {
		t.Errorf("after Remove the section shows %q", st.endpoint.Text)
	}
}

// stuckHost is a storage that never answers until the test is cancelled.
type stuckHost struct{ app.MediaHost }

func (stuckHost) Check(ctx context.Context, step func(app.MediaCheckStep)) (app.MediaCheckResult, error) {
	step(app.MediaCheckStep{Stage: app.MediaCheckPut})
	<-ctx.Done()
	step(app.MediaCheckStep{Stage: app.MediaCheckPut, Done: true, Err: ctx.Err()})
	return app.MediaCheckResult{}, ctx.Err()
}

func (stuckHost) Put(context.Context, string, io.Reader, int64, string) error { return nil }

func TestStorageTestCancel(t *testing.T) {
	keys := &keychaintest.Memory{}
	f := newFixture(t, app.LanguageFrench, withStorage(keys, func(app.MediaStorageSettings, string) (app.MediaHost, error) {
		return stuckHost{}, nil
	}))
	if err := f.w.deps.MediaStorage.Set(context.Background(), app.MediaStorageSettings{Endpoint: "https://s3.example.com", Bucket: "b", AccessKeyID: "k"}, "s"); err != nil {
		t.Fatal(err)
	}
	f.w.ShowView("settings")
	f.idle()
	st := f.w.settings.storage
	test.Tap(st.test)
	if !st.progress.Visible() || st.cancel.Disabled() || !st.save.Disabled() {
		t.Fatal("no progress with Cancel while the test runs")
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(st.step.Text, "déposer un petit fichier de test") && time.Now().Before(deadline) {
		f.ui.drain()
		time.Sleep(10 * time.Millisecond)
	}
	test.Tap(st.cancel)
	f.idle()
	if st.status.Text != "Test annulé." || st.progress.Visible() || st.test.Disabled() {
		t.Fatalf("after Cancel: %q", st.status.Text)
	}
}
