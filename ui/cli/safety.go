package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// Maintenance is what relais backup and relais doctor need of the open
// database (storage.DB).
type Maintenance interface {
	// BackupTo writes a backup of the workspace to path.
	BackupTo(ctx context.Context, path, mediaDir string) error
	// BackupNow writes a backup into the data directory's backups folder
	// and returns its path.
	BackupNow(ctx context.Context, dataDir, kind string, now time.Time) (string, error)
	// Check runs the database's consistency check.
	Check() error
	// SetAsideUnreadable moves the records that cannot be read to the
	// quarantine, and says how many.
	SetAsideUnreadable() (int, error)
	// Quarantined lists the records set aside.
	Quarantined() ([]app.Quarantined, error)
	// Unreadable says how many posts this run skipped, and set aside;
	// UnreadableItems the same of the inbox's items.
	Unreadable() (skipped, setAside int)
	UnreadableItems() (skipped, setAside int)
}

// Restorer unpacks a backup into a data directory (storage.Restore).
type Restorer func(zipPath, dataDir string, force bool) error

// ReadOnly reports whether the command only reads the workspace, so that
// its database may be opened read-only and left byte for byte as it was.
func (c Command) ReadOnly() bool {
	switch c.Action {
	case ActionDraftList, ActionQueueList, ActionAccountList, ActionExportICS, ActionBackup, ActionCheck, ActionStorageShow, ActionStorageTest:
		return true
	}
	return false
}

// NeedsNoStore reports whether the command runs without opening the
// data directory's database: relais restore writes a new one.
func (c Command) NeedsNoStore() bool { return c.Action == ActionRestore }

func parseBackup(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionBackup
	fs := newFlagSet(cmd, lang)
	fs.StringVar(&cmd.Out, "out", "", "")
	fs.BoolVar(&cmd.Force, "force", false, "")
	_, err := parseRest(fs, cmd, args, 0)
	return err
}

func parseRestore(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionRestore
	fs := newFlagSet(cmd, lang)
	fs.BoolVar(&cmd.Force, "force", false, "")
	rest, err := parseRest(fs, cmd, args, 1)
	if err != nil {
		return err
	}
	if len(rest) == 0 || strings.TrimSpace(rest[0]) == "" {
		return usage("cli.missing_file")
	}
	cmd.In = rest[0]
	return nil
}

func parseDoctor(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionDoctor
	_, err := parseRest(newFlagSet(cmd, lang), cmd, args, 0)
	return err
}

// backup writes a backup: to --out, or into the backups folder.
func backup(ctx context.Context, cmd Command, env Env) error {
	if env.Store == nil {
		return fmt.Errorf("no database: %w", app.ErrNotFound)
	}
	var path string
	if cmd.Out != "" {
		var err error
		if path, err = env.outPath(cmd.Out, false); err != nil {
			return err
		}
		// As an export: never over Relais's own files, over a file
		// already there only with --force.
		if err := env.guard(cmd).Check(path); err != nil {
			return refusedFile(err)
		}
		if err := env.Store.BackupTo(ctx, path, filepath.Join(env.DataDir, "media")); err != nil {
			return err
		}
	} else {
		var err error
		if path, err = env.Store.BackupNow(ctx, env.DataDir, "manual", env.Clock.Now()); err != nil {
			return err
		}
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]string{"backup": path})
	}
	_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.backup_done", "file", path))
	return err
}

// restore unpacks a backup into --data, a new folder unless --force.
func restore(cmd Command, env Env) error {
	if env.Restore == nil {
		return fmt.Errorf("restoring is not available here: %w", app.ErrNotFound)
	}
	if err := env.Restore(env.abs(cmd.In), env.DataDir, cmd.Force); err != nil {
		return err
	}
	_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.restore_done", "dir", env.DataDir))
	return err
}

// doctor checks the open database, sets aside the records that cannot be
// read, and lists them.
func doctor(env Env) error {
	if env.Store == nil {
		return fmt.Errorf("no database: %w", app.ErrNotFound)
	}
	if err := env.Store.Check(); err != nil {
		return err
	}
	moved, err := env.Store.SetAsideUnreadable()
	if err != nil {
		return err
	}
	list, err := env.Store.Quarantined()
	if err != nil {
		return err
	}
	tr := env.Tr
	fmt.Fprintln(env.Stdout, tr.T("cli.doctor_sound"))
	if moved > 0 {
		fmt.Fprintln(env.Stdout, tr.N("cli.doctor_moved", moved))
	}
	if env.Compact == nil {
		fmt.Fprintln(env.Stdout, tr.T("cli.doctor_no_compact"))
	} else {
		before, after, err := env.Compact()
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, tr.T("cli.doctor_compacted", "before", mb(before), "after", mb(after)))
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(env.Stdout, tr.T("cli.doctor_no_quarantine"))
		return err
	}
	fmt.Fprintln(env.Stdout, tr.N("cli.doctor_quarantine", len(list)))
	for _, q := range list {
		fmt.Fprintf(env.Stdout, "  %s %s (%d B)\n", q.Kind, q.Key, q.Size)
	}
	return nil
}

// reportUnreadable says, after a list, how many posts could not be read.
func reportUnreadable(env Env) {
	if env.Store != nil {
		reportSkipped(env, "cli.unreadable", env.Store.Unreadable)
	}
}

// reportUnreadableItems says, after the inbox's list, how many of its
// items could not be read.
func reportUnreadableItems(env Env) {
	if env.Store != nil {
		reportSkipped(env, "cli.unreadable_items", env.Store.UnreadableItems)
	}
}

// reportSkipped says how many records a read skipped (key), and whether
// they were set aside.
func reportSkipped(env Env, key string, count func() (skipped, setAside int)) {
	skipped, setAside := count()
	switch {
	case skipped == 0:
	case setAside == skipped:
		fmt.Fprintln(env.Stderr, env.Tr.N(key+"_set_aside", skipped))
	default:
		fmt.Fprintln(env.Stderr, env.Tr.N(key, skipped))
	}
}

// abs is path, relative to the caller's working directory.
func (env Env) abs(path string) string {
	if filepath.IsAbs(path) || env.WorkDir == "" {
		return path
	}
	return filepath.Join(env.WorkDir, path)
}

// PrintDamaged says that the database is damaged, what Relais did with it,
// and the command that brings back the latest backup.
func printDamaged(w io.Writer, tr *i18n.Translator, d *app.DamagedError) {
	fmt.Fprintln(w, tr.T("cli.error", "message", tr.Error(d)))
	if d.Backup != "" {
		fmt.Fprintln(w, tr.T("cli.damaged_restore", "command",
			fmt.Sprintf("relais restore %q --data %q", d.Backup, filepath.Dir(d.Path))))
	}
}

// errorsAsDamaged is app.AsDamaged, for PrintError.
func errorsAsDamaged(err error) (*app.DamagedError, bool) {
	var d *app.DamagedError
	return d, errors.As(err, &d)
}

// mb writes a size in megabytes, one decimal.
func mb(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) }
