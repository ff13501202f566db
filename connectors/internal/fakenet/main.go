// Command fakenet serves a fake Mastodon server and a fake Bluesky PDS on
// this machine, for the end-to-end test at the end of .ci/smoke: Relais
// connects to them, schedules a post to both, and the test reads what
// arrived from their /_test/posts. It writes where they listen and how to
// sign in to the file given with -out, as shell variables
// (MASTODON_URL=…), then serves until it is stopped.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/relais-app/relais/connectors/bluesky/blueskytest"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

func main() {
	out := flag.String("out", "", "file to write the endpoints to (shell variables)")
	flag.Parse()
	if err := serve(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fakenet:", err)
		os.Exit(1)
	}
}

func serve(out string) error {
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
