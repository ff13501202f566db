package cli

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/export"
	"github.com/relais-app/relais/ui/report"
)

// DefaultReportDays is the period a report covers without --from: the
// last 30 days, today included.
const DefaultReportDays = 30

// parseExportReport reads export csv|pdf --out FILE [--from DATE] [--to
// DATE] [--account ID]… [--brand NAME].
func parseExportReport(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionExportCSV
	if args[0] == "pdf" {
		cmd.Action = ActionExportPDF
	}
	fs := newFlagSet(cmd, lang)
	fs.StringVar(&cmd.Out, "out", "", "")
	fs.BoolVar(&cmd.Force, "force", false, "")
	fs.value("account", func(v string) error {
		cmd.Accounts = append(cmd.Accounts, v)
		return nil
	})
	if cmd.Action == ActionExportPDF {
		fs.StringVar(&cmd.Brand, "brand", "", "")
	}
	addRange(fs, cmd)
	if _, err := parseRest(fs, cmd, args[1:], 0); err != nil {
		return err
	}
	if strings.TrimSpace(cmd.Out) == "" {
		return usage("cli.report_missing_out", "format", args[0])
	}
	if cmd.Out == "-" { // a report is binary, or several files
		return usage("cli.report_not_stdout", "format", args[0])
	}
	return nil
}

// reportPeriod is the period of --from and --to, in the user's zone: the
// days from the one of --from to the one before --to (which parsing
// moved past the day it names), as written, or the last
// DefaultReportDays days.
func reportPeriod(cmd Command, now time.Time, zone *time.Location) app.Period {
	if !cmd.Range {
		return app.LastDays(now, DefaultReportDays, zone)
	}
	to := now.In(zone)
	if !cmd.To.IsZero() && !cmd.To.Equal(farFuture) {
		to = cmd.To.Add(-time.Nanosecond)
	}
	if cmd.From.IsZero() {
		return app.LastDays(civil(to, zone), DefaultReportDays, zone)
	}
	return app.DaysBetween(civil(cmd.From, zone), civil(to, zone), zone)
}

// civil is the day t names where it was written, at noon in zone.
func civil(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 12, 0, 0, 0, zone)
}

// exportReport writes the report of a period as CSV tables or as a PDF.
func exportReport(ctx context.Context, cmd Command, env Env) error {
	if env.Analytics == nil {
		return errors.New("the analytics are not available in this process")
	}
	// Before the brand is stored or anything read: a wrong --out is
	// told at once.
	out, err := env.outPath(cmd.Out, cmd.Action == ActionExportCSV)
	if err != nil {
		return err
	}
	zone := env.Analytics.Zone()
	period := reportPeriod(cmd, env.Clock.Now(), zone)
	if !period.From.Before(period.To) {
		return app.ErrBadPeriod
	}
	q := app.ReportQuery{Period: period}
	for _, name := range cmd.Accounts {
		acc, err := env.account(ctx, name)
		if err != nil {
			return err
		}
		q.Accounts = append(q.Accounts, acc.ID)
	}
	if cmd.Brand != "" {
		if err := env.Analytics.SetBrand(ctx, cmd.Brand); err != nil {
			return err
		}
	}
	rep, err := env.Analytics.Report(ctx, q)
	if err != nil {
		return err
	}
	files := []string{out}
	if cmd.Action == ActionExportCSV {
		files = export.CSVFiles(out)
	}
	if err := env.guard(cmd).Check(files...); err != nil {
		return refusedFile(err)
	}
	if cmd.Action == ActionExportCSV {
		if files, err = export.CSV(ctx, out, rep); err != nil {
			return err
		}
	} else {
		r := env.Charts
		if r == nil {
			r = chart.New()
		}
		if err := export.PDF(ctx, out, report.Describe(env.Tr, rep, zone), r); err != nil {
			return err
		}
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]any{"files": files, "from": period.From.Format(time.DateOnly),
			"to": period.Last().Format(time.DateOnly), "posts": len(rep.Posts), "accounts": len(rep.Accounts)})
	}
	_, err = env.Stdout.Write([]byte(env.Tr.T("cli.report_written", "files", strings.Join(files, ", "),
		"from", env.Tr.Date(period.From, time.Time{}), "to", env.Tr.Date(period.Last(), time.Time{}),
		"posts", env.Tr.N("cli.report_posts", len(rep.Posts))) + "\n"))
	return err
}
