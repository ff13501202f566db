package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relais-app/relais/app"
)

// parseStorage reads "storage set s3|show|test|remove".
func parseStorage(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.storage_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	words := 0
	switch args[0] {
	case "set":
		cmd.Action = ActionStorageSet
		words = 1
		fs.StringVar(&cmd.Storage.Endpoint, "endpoint", "", "")
		fs.StringVar(&cmd.Storage.Bucket, "bucket", "", "")
		fs.StringVar(&cmd.Storage.Region, "region", "", "")
		fs.StringVar(&cmd.Storage.AccessKeyID, "access-key", "", "")
		fs.StringVar(&cmd.Storage.Prefix, "prefix", "", "")
		fs.BoolVar(&cmd.Storage.PathStyle, "path-style", false, "")
		fs.BoolVar(&cmd.SecretStdin, "secret-stdin", false, "")
	case "show":
		cmd.Action = ActionStorageShow
	case "test":
		cmd.Action = ActionStorageTest
	case "remove":
		cmd.Action = ActionStorageRemove
	default:
		return usage("cli.unknown_command", "command", "storage "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	if cmd.Action == ActionStorageSet {
		if len(rest) < 1 || rest[0] != string(app.MediaStorageS3) {
			return usage("cli.storage_set_needs_kind")
		}
		cmd.Storage.Kind = app.MediaStorageS3
		if cmd.Storage.Endpoint == "" || cmd.Storage.Bucket == "" || cmd.Storage.AccessKeyID == "" {
			return usage("cli.storage_set_needs")
		}
	}
	return nil
}

// storageJSON is the media storage in --json output; a contract for
// scripts. It never holds the secret key.
type storageJSON struct {
	Kind        string `json:"kind"`
	Endpoint    string `json:"endpoint"`
	Bucket      string `json:"bucket"`
	Region      string `json:"region,omitempty"`
	AccessKeyID string `json:"access_key_id"`
	PathStyle   bool   `json:"path_style"`
	Prefix      string `json:"prefix,omitempty"`
	// SecretKey says whether the keychain holds it: "keychain" or
	// "missing".
	SecretKey string `json:"secret_key"`
}

func toStorageJSON(s app.MediaStorageSettings, hasSecret bool) storageJSON {
	secret := "missing"
	if hasSecret {
		secret = "keychain"
	}
	return storageJSON{Kind: string(s.Kind), Endpoint: s.Endpoint, Bucket: s.Bucket, Region: s.Region,
		AccessKeyID: s.AccessKeyID, PathStyle: s.PathStyle, Prefix: s.Prefix, SecretKey: secret}
}

func runStorage(ctx context.Context, cmd Command, env Env) error {
	if env.MediaStorage == nil {
		return errors.New("no media storage service")
	}
	switch cmd.Action {
	case ActionStorageSet:
		return storageSet(ctx, cmd, env)
	case ActionStorageShow:
		return storageShow(ctx, cmd, env)
	case ActionStorageTest:
		return storageTest(ctx, cmd, env)
	case ActionStorageRemove:
		if err := env.MediaStorage.Remove(ctx); err != nil {
			return err
		}
		if cmd.JSON {
			return writeJSON(env.Stdout, struct {
				Removed bool `json:"removed"`
			}{true})
		}
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.storage_removed"))
		return err
	}
	return fmt.Errorf("action %d is not a storage command", cmd.Action)
}

func storageSet(ctx context.Context, cmd Command, env Env) error {
	secret := ""
	if cmd.SecretStdin {
		s, err := ReadSecret(env.Stdin)
		if err != nil {
			return err
		}
		if secret = strings.TrimSpace(s); secret == "" {
			return fail("cli.storage_empty_secret")
		}
	}
	err := env.MediaStorage.Set(ctx, cmd.Storage, secret)
	if errors.Is(err, app.ErrMediaStorageNoSecret) {
		return fail("cli.storage_needs_secret")
	}
	if err != nil {
		return err
	}
	return storageShow(ctx, cmd, env)
}

func storageShow(ctx context.Context, cmd Command, env Env) error {
	s, ok, err := env.MediaStorage.Settings(ctx)
	if err != nil {
		return err
	}
	if !ok {
		if cmd.JSON {
			return writeJSON(env.Stdout, nil)
		}
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.storage_none"))
		return err
	}
	has, err := env.MediaStorage.HasSecret(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toStorageJSON(s, has))
	}
	style := env.Tr.T("storage.virtual_hosted")
	if s.PathStyle {
		style = env.Tr.T("storage.path_style")
	}
	secret := env.Tr.T("storage.secret_in_keychain")
	if !has {
		secret = env.Tr.T("storage.secret_missing")
	}
	region := s.Region
	if region == "" {
		region = "us-east-1"
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.storage_show", "endpoint", s.Endpoint, "bucket", s.Bucket, "region", region,
		"key", s.AccessKeyID, "style", style, "prefix", s.Prefix, "secret", secret))
	return err
}

// stepJSON is a step of storage test in --json output.
type stepJSON struct {
	Step  string `json:"step"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// storageTest puts a small file, fetches it through its presigned URL,
// compares, deletes it and checks it is gone, printing each step.
func storageTest(ctx context.Context, cmd Command, env Env) error {
	steps := []stepJSON{}
	result, err := env.MediaStorage.Check(ctx, func(s app.MediaCheckStep) {
		if !s.Done {
			return
		}
		j := stepJSON{Step: string(s.Stage), OK: s.Err == nil}
		if s.Err != nil {
			j.Error = env.Tr.Error(s.Err)
		}
		steps = append(steps, j)
		if cmd.JSON {
			return
		}
		mark := "✓"
		if s.Err != nil {
			mark = "✗"
		}
		fmt.Fprintln(env.Stdout, mark+" "+env.Tr.T("storage.step."+string(s.Stage)))
	})
	if cmd.JSON {
		out := struct {
			OK            bool       `json:"ok"`
			Steps         []stepJSON `json:"steps"`
			PublicListing bool       `json:"public_listing"`
			Error         string     `json:"error,omitempty"`
		}{OK: err == nil, Steps: steps, PublicListing: result.PublicListing}
		if err != nil {
			out.Error = env.Tr.Error(err)
		}
		if werr := writeJSON(env.Stdout, out); werr != nil {
			return werr
		}
		if err != nil {
			return fail("cli.storage_test_failed")
		}
		return nil
	}
	if err != nil {
		return err
	}
	if result.PublicListing {
		fmt.Fprintln(env.Stdout, env.Tr.T("storage.public_listing"))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.storage_works"))
	return err
}
