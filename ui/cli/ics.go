package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/ical"
	"github.com/relais-app/relais/ui/export"
)

// maxImportSize is the most bytes import ics reads from a file.
const maxImportSize = 20 << 20

// exportICS writes the posts and events of the range as an iCalendar
// file. It writes a temporary file beside the target and renames it, so
// a calendar program reading the file never sees half of it.
func exportICS(ctx context.Context, cmd Command, env Env) error {
	out := ""
	if cmd.Out != "-" {
		var err error
		if out, err = env.outPath(cmd.Out, false); err != nil {
			return err
		}
	}
	posts, events, err := env.Calendar.Plan(ctx, cmd.From, cmd.To)
	if err != nil {
		return err
	}
	// The clock's time in the user's zone: Export writes the times of
	// repeating items without a zone of their own in it.
	now := env.Clock.Now().In(env.zone())
	if cmd.Out == "-" {
		return ical.Export(env.Stdout, posts, events, now)
	}
	if err := env.guard(cmd).Check(out); err != nil {
		return refusedFile(err)
	}
	if err := export.Write(out, func(w io.Writer) error { return ical.Export(w, posts, events, now) }); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]any{"file": out, "posts": len(posts), "events": len(events)})
	}
	msg := env.Tr.N("cli.exported", len(posts), "file", out)
	if len(events) > 0 {
		msg = env.Tr.T("cli.exported_with_events",
			"posts", env.Tr.N("cli.export_posts", len(posts)),
			"events", env.Tr.N("cli.export_events", len(events)),
			"file", out)
	}
	_, err = fmt.Fprintln(env.Stdout, msg)
	return err
}

// importICS adds the events of an iCalendar file to the calendar, or
// updates those imported before.
func importICS(ctx context.Context, cmd Command, env Env) error {
	path := env.path(cmd.In)
	events, skipped, err := readCalendar(path, env.zone())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail("cli.file_not_found", "file", path)
	case errors.Is(err, errNotRegular):
		return fail("cli.not_regular", "file", path)
	case errors.Is(err, ical.ErrNotICalendar):
		return fail("cli.not_icalendar", "file", path)
	case errors.Is(err, ical.ErrTooBig):
		return fail("cli.file_too_big", "file", path,
			"size", strconv.Itoa(maxImportSize>>20), "events", env.Tr.Number(ical.MaxEvents))
	case err != nil:
		return err
	}
	res, err := env.Calendar.ImportEvents(ctx, events)
	if err != nil {
		return fmt.Errorf("importing %s: %w", path, err)
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]any{
			"file": path, "added": res.Added, "updated": res.Updated, "skipped": skipped.Total(),
			"repeat_dropped": skipped.RepeatDropped, "out_of_range": skipped.OutOfRange,
			"shortened": skipped.Shortened, "unknown_zone": skipped.UnknownZone, "repaired": skipped.Repaired, "no_end": skipped.NoEnd,
		})
	}
	tr := env.Tr
	fmt.Fprintln(env.Stdout, tr.T("cli.imported",
		"added", tr.N("cli.import_added", res.Added),
		"updated", tr.N("cli.import_updated", res.Updated),
		"skipped", tr.N("cli.import_skipped", skipped.Total())))
	if skipped.RepeatDropped > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.import_repeat_dropped", skipped.RepeatDropped))
	}
	if skipped.OutOfRange > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.import_out_of_range", skipped.OutOfRange))
	}
	if skipped.UnknownZone > 0 {
		zone := env.zoneName()
		if zone == "" { // the machine's zone, which has no name here
			zone = env.Clock.Now().In(env.zone()).Format("MST")
		}
		fmt.Fprintln(env.Stdout, tr.N("cli.import_unknown_zone", skipped.UnknownZone, "zone", zone))
	}
	if skipped.NoEnd > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.import_no_end", skipped.NoEnd))
	}
	if skipped.Repaired > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.import_repaired", skipped.Repaired))
	}
	if skipped.Shortened > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.import_shortened", skipped.Shortened,
			"title", tr.Number(app.MaxEventTitle), "notes", tr.Number(app.MaxEventNotes)))
	}
	return nil
}

// readCalendar reads the events of the iCalendar file at path, at most
// maxImportSize bytes of it; floating times are in zone.
func readCalendar(path string, zone *time.Location) ([]app.Event, ical.Skipped, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, ical.Skipped{}, fmt.Errorf("importing %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportSize+1))
	if err != nil {
		return nil, ical.Skipped{}, fmt.Errorf("importing %s: %w", path, err)
	}
	if len(data) > maxImportSize {
		return nil, ical.Skipped{}, fmt.Errorf("importing %s: %w", path, ical.ErrTooBig)
	}
	events, skipped, err := ical.Import(bytes.NewReader(data), zone)
	if err != nil {
		return nil, ical.Skipped{}, fmt.Errorf("importing %s: %w", path, err)
	}
	return events, skipped, nil
}

// guard is where cmd may write its export: never over the data folder's
// own files, over a file already there only with --force.
func (env Env) guard(cmd Command) export.Guard {
	return export.Guard{DataDir: env.DataDir, Replace: cmd.Force}
}

// refusedFile says in plain words why an export may not write a file.
func refusedFile(err error) error {
	var r *export.RefusedError
	if !errors.As(err, &r) {
		return err
	}
	switch {
	case errors.Is(r.Reason, export.ErrOwnFile):
		return fail("cli.out_own_file", "file", r.Path)
	case errors.Is(r.Reason, export.ErrExists):
		return fail("cli.out_exists", "file", r.Path)
	}
	return fail("cli.out_not_a_file", "file", r.Path)
}

// path resolves a file named on the command line against the caller's
// directory.
func (env Env) path(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(env.WorkDir, name)
}
