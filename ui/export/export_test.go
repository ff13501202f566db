package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rapport.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the chart failed")
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("half a new"))
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("after a failure the file holds %q", got)
	}
	if err := PNG(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if got, _ := os.ReadFile(path); string(got) != "new" || err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("after a success: %q, %v, %v", got, st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if got := CSVFiles(filepath.Join(dir, "chiffres.csv")); len(got) != 5 || filepath.Base(got[2]) != "chiffres-responses.csv" || filepath.Base(got[3]) != "chiffres-share_of_voice.csv" {
		t.Errorf("CSVFiles = %v", got)
	}
	if got := CSVFiles(dir); filepath.Base(got[0]) != "accounts.csv" || filepath.Dir(got[0]) != dir {
		t.Errorf("CSVFiles(folder) = %v", got)
	}
}
