package cli

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/storage/keychain/keychaintest"
	"github.com/relais-app/relais/storage/s3host"
	"github.com/relais-app/relais/storage/s3host/s3hosttest"
)

// storageEnv is a command-line Env whose media storage keeps its secret in
// a keychain in memory and reaches the fake S3 storage.
func storageEnv(t *testing.T, lang app.Language, fake *s3hosttest.Server) (Env, *keychaintest.Memory) {
	t.Helper()
	env, _, _, db := newEnv(t, lang)
	keys := &keychaintest.Memory{}
	env.MediaStorage = app.NewMediaStorage(db, keys, s3host.Opener(s3host.Options{Transport: fake.Transport()}))
	return env, keys
}

func TestStorageSetTestShowRemove(t *testing.T) {
	fake := s3hosttest.New(t, "relais-media")
	env, keys := storageEnv(t, app.LanguageEnglish, fake)
	set := []string{"storage", "set", "s3", "--endpoint", fake.URL, "--bucket", "relais-media", "--region", fake.Region,
		"--access-key", fake.AccessKey, "--path-style", "--prefix", "relais"}

	if code, out, _ := runAll(t, env, "storage", "show"); code != ExitOK || !strings.Contains(out, "No media storage is set") {
		t.Fatalf("show with none: %d %q", code, out)
	}
	if code, _, errOut := runAll(t, env, set...); code != ExitError || !strings.Contains(errOut, "--secret-stdin") {
		t.Fatalf("set without any secret: %d %q", code, errOut)
	}

	// A wrong secret is stored (setting makes no request), and the test
	// says what is wrong at its first step.
	env.Stdin = strings.NewReader(fake.SecretKey + "-wrong\n")
	if code, _, errOut := runAll(t, env, append(set, "--secret-stdin")...); code != ExitOK {
		t.Fatalf("set: %d %s", code, errOut)
	}
	code, out, errOut := runAll(t, env, "storage", "test")
	if code != ExitError || !strings.Contains(out, "✗ store a small test file") || !strings.Contains(errOut, "refused the access key or the secret key") {
		t.Fatalf("test with a wrong secret: %d\n%s\n%s", code, out, errOut)
	}

	env.Stdin = strings.NewReader(fake.SecretKey + "\n")
	code, out, errOut = runAll(t, env, append(set, "--secret-stdin", "--json")...)
	var shown storageJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("set --json: %d %q %s", code, out, errOut)
	}
	want := storageJSON{Kind: "s3", Endpoint: fake.URL, Bucket: "relais-media", Region: fake.Region, AccessKeyID: fake.AccessKey, PathStyle: true, Prefix: "relais/", SecretKey: "keychain"}
	if shown != want {
		t.Fatalf("set --json = %+v\nwant %+v", shown, want)
	}
	if secret, err := keys.NamedSecret(context.Background(), app.MediaStorageSecretName); err != nil || secret != fake.SecretKey {
		t.Fatalf("the keychain holds %q, %v", secret, err)
	}

	code, out, errOut = runAll(t, env, "storage", "test")
	if code != ExitOK {
		t.Fatalf("test: %d\n%s\n%s\n%s", code, out, errOut, strings.Join(fake.Log(), "\n"))
	}
	for _, step := range []string{"✓ store a small test file", "✓ fetch it through that address", "✓ compare it", "✓ delete it", "✓ check the address no longer serves it", "The media storage works"} {
		if !strings.Contains(out, step) {
			t.Errorf("test's output lacks %q:\n%s", step, out)
		}
	}
	if strings.Contains(out, "anyone can list") {
		t.Errorf("warned of a public listing:\n%s", out)
	}
	if keys := fake.Keys("relais-media"); len(keys) != 0 {
		t.Errorf("the test left %v", keys)
	}

	fake.SetPublicListing("relais-media", true)
	code, out, _ = runAll(t, env, "storage", "test", "--json")
	var tested struct {
		OK            bool       `json:"ok"`
		Steps         []stepJSON `json:"steps"`
		PublicListing bool       `json:"public_listing"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &tested) != nil || !tested.OK || !tested.PublicListing || len(tested.Steps) != len(app.MediaCheckStages) {
		t.Fatalf("test --json: %d %s", code, out)
	}

	code, out, _ = runAll(t, env, "storage", "show")
	if code != ExitOK || !strings.Contains(out, fake.AccessKey) || !strings.Contains(out, "in the system keychain") || strings.Contains(out, fake.SecretKey) {
		t.Fatalf("show: %d %q", code, out)
	}

	// Changing the bucket without --secret-stdin keeps the secret.
	env.Stdin = strings.NewReader("")
	if code, _, errOut := runAll(t, env, "storage", "set", "s3", "--endpoint", fake.URL, "--bucket", "nope", "--region", fake.Region, "--access-key", fake.AccessKey, "--path-style"); code != ExitOK {
		t.Fatalf("set another bucket: %d %s", code, errOut)
	}
	if code, _, errOut := runAll(t, env, "storage", "test"); code != ExitError || !strings.Contains(errOut, "no bucket of that name") {
		t.Fatalf("test of a missing bucket: %d %s", code, errOut)
	}

	if code, out, _ := runAll(t, env, "storage", "remove"); code != ExitOK || !strings.Contains(out, "removed") {
		t.Fatalf("remove: %d %q", code, out)
	}
	if _, err := keys.NamedSecret(context.Background(), app.MediaStorageSecretName); !errors.Is(err, app.ErrNoSecret) {
		t.Fatalf("after remove, the keychain: %v", err)
	}
	if code, out, _ := runAll(t, env, "storage", "show", "--json"); code != ExitOK || strings.TrimSpace(out) != "null" {
		t.Fatalf("show --json after remove: %d %q", code, out)
	}
}

func TestStorageInFrench(t *testing.T) {
	fake := s3hosttest.New(t, "relais-media")
	fake.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
	env, _ := storageEnv(t, app.LanguageFrench, fake)
	env.Stdin = strings.NewReader(fake.SecretKey + "\n")
	if code, _, errOut := runAll(t, env, "storage", "set", "s3", "--endpoint", fake.URL, "--bucket", "relais-media", "--region", fake.Region,
		"--access-key", fake.AccessKey, "--path-style", "--secret-stdin"); code != ExitOK {
		t.Fatalf("set: %d %s", code, errOut)
	}
	code, out, errOut := runAll(t, env, "storage", "test")
	if code != ExitError || !strings.Contains(out, "✗ déposer un petit fichier de test") || !strings.Contains(errOut, "L’horloge de cet ordinateur est trop loin") {
		t.Fatalf("test with a clock an hour off: %d\n%s\n%s", code, out, errOut)
	}
}

func TestParseStorage(t *testing.T) {
	cmd, err := Parse([]string{"storage", "set", "s3", "--endpoint", "https://s3.fr-par.scw.cloud", "--bucket", "b", "--region", "fr-par", "--access-key", "K", "--secret-stdin"})
	if err != nil || cmd.Action != ActionStorageSet || !cmd.SecretStdin || !cmd.ReadsStdin() ||
		cmd.Storage != (app.MediaStorageSettings{Kind: app.MediaStorageS3, Endpoint: "https://s3.fr-par.scw.cloud", Bucket: "b", Region: "fr-par", AccessKeyID: "K"}) {
		t.Fatalf("Parse = %+v, %v", cmd, err)
	}
	for args, key := range map[string]string{
		"storage":                      "cli.storage_needs_action",
		"storage set":                  "cli.storage_set_needs_kind",
		"storage set gcs":              "cli.storage_set_needs_kind",
		"storage set s3 --bucket b":    "cli.storage_set_needs",
		"storage fly":                  "cli.unknown_command",
		"storage test extra":           "cli.unexpected_args",
		"storage set s3 --secret-file": "cli.unknown_flag",
	} {
		_, err := Parse(strings.Fields(args))
		var u *UsageError
		if !errors.As(err, &u) || u.Key != key {
			t.Errorf("Parse(%q) = %v, want %s", args, err, key)
		}
	}
}
