package storage

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

// bigWorkspace is a data directory with 100,000 inbox items and 10,000
// posts, closed.
func bigWorkspace(b *testing.B) string {
	b.Helper()
	db, dir := openTemp(b)
	db.bolt.NoSync = true
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	fill(b, db, 10_000, t0)
	account := app.NewID(t0)
	for i := 0; i < 100_000; i += 1000 {
		if _, err := db.MergeInbox(ctx, account, strconv.Itoa(i), mentions(account, i, 1000, t0.Add(time.Duration(i)*time.Second))); err != nil {
			b.Fatal(err)
		}
	}
	db.bolt.NoSync = false
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

func fileSize(b *testing.B, path string) float64 {
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return float64(info.Size())
}

// BenchmarkBackup writes the backup of a workspace of 100,000 inbox items
// and 10,000 posts to a file, while it is open, as the daily backup does.
func BenchmarkBackup(b *testing.B) {
	dir := bigWorkspace(b)
	db, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	out := filepath.Join(b.TempDir(), "backup.zip")
	for b.Loop() {
		if err := db.BackupTo(ctx, out, filepath.Join(dir, "media")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(fileSize(b, filepath.Join(dir, FileName))/(1<<20), "db-MB")
	b.ReportMetric(fileSize(b, out)/(1<<20), "zip-MB")
}

// BenchmarkOpenChecked is what a read-only run of Relais (draft list)
// pays before it uses that workspace: the page walk.
func BenchmarkOpenChecked(b *testing.B) {
	dir := bigWorkspace(b)
	for b.Loop() {
		db, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}

// BenchmarkOpenCheckedForWriting is the same for a run that writes (the
// window, draft add): bbolt's check as well.
func BenchmarkOpenCheckedForWriting(b *testing.B) {
	dir := bigWorkspace(b)
	for b.Loop() {
		db, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
