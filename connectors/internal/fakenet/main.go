// Command fakenet serves a fake Mastodon server and a fake Bluesky PDS on
// this machine, for the end-to-end test at the end of .ci/smoke: Relais
// connects to them, schedules a post to both, and the test reads what
// arrived from their /_test/posts. It writes where they listen and how to
// sign in to the file given with -out, as shell variables
// (MASTODON_URL=…), then serves until it is stopped.
//
// With -history DATADIR it first fills the Relais data directory DATADIR
// with -days days of simulated use (history.go), through Relais's own
// services talking to the same servers, the accounts' sign-ins in the
// system keychain: Relais opened on DATADIR then shows weeks of posts,
// figures and answered messages, and its own collector keeps reading
// today's figures from the servers fakenet goes on serving. The time it
// took and what it made are written to standard error.
//
//	fakenet -out FILE [-history DATADIR [-days 42]]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
	"github.com/relais-app/relais/storage/keychain"
)

func main() {
	out := flag.String("out", "", "file to write the endpoints to (shell variables)")
	dataDir := flag.String("history", "", "Relais data directory to fill with simulated history before serving")
	days := flag.Int("days", 42, "days of history, today included (with -history)")
	flag.Parse()
	if err := serve(*out, *dataDir, *days); err != nil {
		fmt.Fprintln(os.Stderr, "fakenet:", err)
		os.Exit(1)
	}
}

// historySeed makes every history the same, but for its dates.
const historySeed = 20251203

func serve(out, dataDir string, days int) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	masto := mastodontest.NewServer()
	mastoLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	masto.SetURL("http://" + mastoLn.Addr().String())
	sky := blueskytest.NewServer()
	skyLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sky.SetURL("http://" + skyLn.Addr().String())

	errs := make(chan error, 2)
	go func() { errs <- masto.Serve(mastoLn) }()
	go func() { errs <- sky.Serve(skyLn) }()

	if dataDir != "" {
		dir, err := filepath.Abs(dataDir)
		if err != nil {
			return err
		}
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			return err
		}
		h := history{dir: dir, days: days, end: time.Now(), zone: paris, secrets: remember(keychain.New(app.AppID)),
			masto: masto, sky: sky, seed: historySeed}
		sum, err := h.run(ctx)
		if err != nil {
			return fmt.Errorf("history: %w", err)
		}
		fmt.Fprintf(os.Stderr, "fakenet: %d days of history in %s: %v\n", days, dir, sum)
	}

	acc, secret := sky.Account()
	env := fmt.Sprintf("MASTODON_URL=%s\nMASTODON_TOKEN=%s\nBLUESKY_URL=%s\nBLUESKY_HANDLE=%s\nBLUESKY_PASSWORD=%s\n",
		masto.URL(), masto.Token(), sky.URL(), acc.Handle, secret.Password)
	if out == "" {
		fmt.Print(env)
	} else if err := os.WriteFile(out+".tmp", []byte(env), 0o600); err != nil {
		return err
	} else if err := os.Rename(out+".tmp", out); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-errs:
		return err
	}
}
