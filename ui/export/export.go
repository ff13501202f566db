// Package export writes a period's report to files: the tidy CSV tables
// and the PDF for the client, for the window and the command line alike.
// Every file is written beside its place and renamed into it, so that a
// failure or a cancel never leaves half a report where the old one was.
package export

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/report"
)

// CSVFiles are the files CSV writes for out: in a folder, one file per
// table there; out.zip, one archive holding them; else one file per table
// named after out (figures.csv gives figures-accounts.csv, …).
func CSVFiles(out string) []string {
	if strings.EqualFold(filepath.Ext(out), ".zip") {
		return []string{out}
	}
	var files []string
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		for _, t := range app.CSVTables {
			files = append(files, filepath.Join(out, string(t)+".csv"))
		}
		return files
	}
	base := strings.TrimSuffix(out, filepath.Ext(out))
	for _, t := range app.CSVTables {
		files = append(files, base+"-"+string(t)+".csv")
	}
	return files
}

// CSV writes the report's tables where CSVFiles says, and returns the
// files written.
func CSV(ctx context.Context, out string, rep app.Report) ([]string, error) {
	files := CSVFiles(out)
	if len(files) == 1 {
		return files, Write(out, func(w io.Writer) error {
			z := zip.NewWriter(w)
			for _, t := range app.CSVTables {
				// Dated as files are, by the machine's clock.
				f, err := z.CreateHeader(&zip.FileHeader{Name: string(t) + ".csv", Method: zip.Deflate, Modified: time.Now()})
				if err != nil {
					return err
				}
				if err := app.WriteCSV(f, rep, t); err != nil {
					return err
				}
			}
			return z.Close()
		})
	}
	for i, t := range app.CSVTables {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := Write(files[i], func(w io.Writer) error { return app.WriteCSV(w, rep, t) }); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// PDF writes the report for the client to out.
func PDF(ctx context.Context, out string, f report.Figures, r chart.Renderer) error {
	return Write(out, func(w io.Writer) error {
		if err := report.WritePDF(w, f, r); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// PNG writes a chart's image to out.
func PNG(out string, img []byte) error {
	return Write(out, func(w io.Writer) error {
		_, err := w.Write(img)
		return err
	})
}

// Write writes a file through fill into a file beside path, synced, then
// renames it there; when fill fails, path is left as it was. A file
// replaced keeps its permissions; a new one is readable by others (0644).
// Write does not ask whether path may be written: see Guard.
func Write(path string, fill func(io.Writer) error) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is there
	w := bufio.NewWriter(tmp)
	if err := fill(w); err != nil {
		tmp.Close()
		return err
	}
	err = w.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
