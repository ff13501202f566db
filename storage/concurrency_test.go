package storage

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// One writer adds posts two at a time, in one transaction, and edits older
// ones; readers list and read meanwhile. Each read must see whole
// transactions: an even count, each post once, in order, every listed post
// readable, and never fewer posts than a read before it saw.
//
// A callback of Summaries or Posts must not call the store (a nested read
// transaction deadlocks when the writer remaps the file), so the readers
// collect first and read the posts after.
func TestConcurrentReadersSeeWholeTransactions(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const rounds = 150
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 64)

	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		var written []app.Post
		for i := range rounds {
			at := t0.Add(time.Duration(i) * time.Minute)
			pair := []app.Post{post(2*i, at), post(2*i+1, at.Add(time.Second))}
			if err := db.PutPosts(ctx, pair); err != nil {
				errs <- err
				return
			}
			written = append(written, pair...)
			if i%3 == 2 { // edit an older post: it moves to the top
				p := written[i/2]
				p.Text = fmt.Sprintf("modifié au tour %d", i)
				p.UpdatedAt = at.Add(2 * time.Second)
				if err := db.PutPost(ctx, p); err != nil {
					errs <- err
					return
				}
				written[i/2] = p
			}
		}
	}()

	for r := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for reads := 0; ; reads++ {
				select {
				case <-done:
					if reads > 0 {
						return
					}
				default:
				}
				if err := readOnce(db, r, &last); err != nil {
					errs <- fmt.Errorf("reader %d, read %d: %w", r, reads, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(summaries(t, db)); n != 2*rounds {
		t.Errorf("%d posts at the end, want %d", n, 2*rounds)
	}
	checkIndexes(t, db)
}

// readOnce lists the posts (Summaries or Posts, by turns), checks what one
// transaction showed, then reads a few of them one by one.
func readOnce(db *DB, r int, last *int) error {
	type entry struct {
		id      app.ID
		updated time.Time
	}
	var seen []entry
	var err error
	if r%2 == 0 {
		err = db.Summaries(ctx, func(s app.Summary) bool { seen = append(seen, entry{s.ID, s.UpdatedAt}); return true })
	} else {
		err = db.Posts(ctx, func(p app.Post) bool { seen = append(seen, entry{p.ID, p.UpdatedAt}); return true })
	}
	if err != nil {
		return err
	}
	if len(seen)%2 != 0 {
		return fmt.Errorf("saw %d posts: half a transaction", len(seen))
	}
	if len(seen) < *last {
		return fmt.Errorf("saw %d posts after %d", len(seen), *last)
	}
	*last = len(seen)
	ids := map[app.ID]bool{}
	for i, e := range seen {
		if ids[e.id] {
			return fmt.Errorf("post %s listed twice", e.id)
		}
		ids[e.id] = true
		if i > 0 {
			prev := seen[i-1]
			if c := prev.updated.Compare(e.updated); c < 0 || (c == 0 && bytes.Compare(prev.id[:], e.id[:]) < 0) {
				return fmt.Errorf("list out of order at %d: %v after %v", i, e.updated, prev.updated)
			}
		}
	}
	// Posts are never deleted here: every listed one is readable, as it
	// was or changed since.
	for i := 0; i < len(seen); i += 1 + len(seen)/8 {
		p, err := db.Post(ctx, seen[i].id)
		if err != nil {
			return fmt.Errorf("listed post %s: %w", seen[i].id, err)
		}
		if p.UpdatedAt.Before(seen[i].updated) {
			return fmt.Errorf("post %s read back older (%v) than listed (%v)", p.ID, p.UpdatedAt, seen[i].updated)
		}
	}
	return nil
}

// Summaries and Posts read the same index: one after the other while posts
// are only added, the second never sees fewer.
func TestSummariesAndPostsAgreeUnderWrites(t *testing.T) {
	db, _ := openTemp(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 100 {
			if err := db.PutPost(ctx, post(i, t0.Add(time.Duration(i)*time.Second))); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true // one more round, after the last write
		default:
		}
		nS, nP, nS2 := 0, 0, 0
		if err := db.Summaries(ctx, func(app.Summary) bool { nS++; return true }); err != nil {
			t.Fatal(err)
		}
		if err := db.Posts(ctx, func(app.Post) bool { nP++; return true }); err != nil {
			t.Fatal(err)
		}
		if err := db.Summaries(ctx, func(app.Summary) bool { nS2++; return true }); err != nil {
			t.Fatal(err)
		}
		if nS > nP || nP > nS2 {
			t.Fatalf("Summaries saw %d, then Posts %d, then Summaries %d", nS, nP, nS2)
		}
		if finished && (nS != 100 || nP != 100) {
			t.Errorf("after the last write: Summaries %d, Posts %d, want 100", nS, nP)
		}
	}
}

const writerDirEnv = "RELAIS_TEST_WRITER_DIR"

// TestHelperWriterProcess is the child of TestKilledWriterLosesNothing: it
// writes posts until killed, printing each ID once PutPost has returned.
func TestHelperWriterProcess(t *testing.T) {
	dir := os.Getenv(writerDirEnv)
	if dir == "" {
		t.Skip("only runs as a child process")
	}
	db, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	t0 := time.Now()
	out := bufio.NewWriter(os.Stdout)
	// Should the parent die without killing it, stop on its own.
	for i := 0; time.Since(t0) < 30*time.Second; i++ {
		p := post(i, t0.Add(time.Duration(i)*time.Millisecond))
		p.Text = strings.Repeat("é", 100+(i*397)%4000) // vary the page layout, overflow pages included
		if i%5 == 0 {
			p.PlannedAt = t0.Add(time.Duration(i) * time.Hour)
		}
		if err := db.PutPost(ctx, p); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Fprintln(out, p.ID) // acknowledged: on disk
		out.Flush()
	}
	os.Exit(4)
}

func TestKilledWriterLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriterProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), writerDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	kill := func() {
		if !killed {
			killed = true
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
		}
	}
	t.Cleanup(kill)

	const want = 300
	var acked []app.ID
	lines := bufio.NewScanner(stdout)
	for len(acked) < want && lines.Scan() {
		id, err := app.ParseID(lines.Text())
		if err != nil {
			t.Fatalf("child said %q", lines.Text())
		}
		acked = append(acked, id)
	}
	kill() // mid-write, most likely: the child does nothing else
	if len(acked) < want {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed but ended with %v", cmd.ProcessState)
	}

	checkFile(t, dir)
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range acked {
		if _, err := db.Post(ctx, id); err != nil {
			t.Fatalf("acknowledged post %s lost: %v", id, err)
		}
	}
	listed := map[app.ID]bool{}
	for _, s := range summaries(t, db) {
		listed[s.ID] = true
	}
	for _, id := range acked {
		if !listed[id] {
			t.Fatalf("acknowledged post %s is not listed", id)
		}
	}
	checkIndexes(t, db)
	// The store goes on working, and leaves a sound file.
	if err := db.PutPost(ctx, post(-1, time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	checkFile(t, dir)
}
