package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/monitor"
	"github.com/relais-app/relais/app/monitor/impostor"
	"github.com/relais-app/relais/app/monitor/spike"
)

// WatchArgs are the options of relais watch.
type WatchArgs struct {
	Query     string   // --query
	Sources   []string // --source: bluesky, mastodon, bluesky:ACCOUNT, feed:URL
	Kind      string   // --kind
	Notify    bool     // --notify
	Watch     string   // --watch of watch items; the ID of watch remove
	Since     time.Time
	Sentiment monitor.Sentiment
	// Add: watch starters adds what it proposes.
	Add bool
	// QuietHoursToo is watch alerts' --quiet-hours-too: "on", "off", or
	// "" to show the setting.
	QuietHoursToo string
	// FeedTemplates are watch add's --feed-template: google-news, reddit,
	// youtube:CHANNEL, google-alerts:URL, blog:URL.
	FeedTemplates []string
	// Suspect and Status are watch impostor mark's ID and status.
	Suspect string
	Status  impostor.Status
}

// parseWatch reads "watch add|list|remove|run|items|spikes|starters|alerts|impostors",
// and "watch impostor mark ID STATUS".
func parseWatch(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.watch_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	words := 0
	switch args[0] {
	case "add":
		cmd.Action = ActionWatchAdd
		words = 1
		fs.StringVar(&cmd.WatchArgs.Query, "query", "", "")
		fs.StringVar(&cmd.WatchArgs.Kind, "kind", "", "")
		fs.BoolVar(&cmd.WatchArgs.Notify, "notify", false, "")
		fs.value("source", func(v string) error {
			cmd.WatchArgs.Sources = append(cmd.WatchArgs.Sources, strings.TrimSpace(v))
			return nil
		})
		fs.value("feed-template", func(v string) error {
			name, _, _ := strings.Cut(strings.TrimSpace(v), ":")
			if _, ok := monitor.ParseFeedTemplate(name); !ok {
				return usage("cli.bad_value", "flag", "--feed-template", "detail", "google-news, reddit, youtube:CHANNEL, google-alerts:URL, blog:URL")
			}
			cmd.WatchArgs.FeedTemplates = append(cmd.WatchArgs.FeedTemplates, strings.TrimSpace(v))
			return nil
		})
	case "list":
		cmd.Action = ActionWatchList
	case "remove":
		cmd.Action = ActionWatchRemove
		words = 1
	case "run":
		cmd.Action = ActionWatchRun
	case "items":
		cmd.Action = ActionWatchItems
		fs.StringVar(&cmd.WatchArgs.Watch, "watch", "", "")
		fs.value("since", func(v string) error {
			t, _, err := parseTime("since", v, time.Local)
			cmd.WatchArgs.Since = t
			return err
		})
		fs.value("sentiment", func(v string) error {
			s, ok := monitor.ParseSentiment(strings.ToLower(strings.TrimSpace(v)))
			if !ok {
				return usage("cli.bad_value", "flag", "--sentiment", "detail", "positive, neutral, negative")
			}
			cmd.WatchArgs.Sentiment = s
			return nil
		})
		fs.value("limit", func(v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				return usage("cli.bad_limit", "value", v)
			}
			cmd.Limit = n
			return nil
		})
	case "spikes":
		cmd.Action = ActionWatchSpikes
		fs.StringVar(&cmd.WatchArgs.Watch, "watch", "", "")
	case "starters":
		cmd.Action = ActionWatchStarters
		fs.BoolVar(&cmd.WatchArgs.Add, "add", false, "")
	case "impostors":
		cmd.Action = ActionWatchImpostors
	case "impostor":
		if len(args) < 2 || args[1] != "mark" {
			return usage("cli.watch_impostor_needs_mark")
		}
		cmd.Action = ActionWatchImpostorMark
		args = args[1:]
		words = 2
	case "alerts":
		cmd.Action = ActionWatchAlerts
		fs.value("quiet-hours-too", func(v string) error {
			switch v = strings.ToLower(strings.TrimSpace(v)); v {
			case "on", "off":
				cmd.WatchArgs.QuietHoursToo = v
				return nil
			}
			return usage("cli.watch_alerts_value")
		})
	default:
		return usage("cli.unknown_command", "command", "watch "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionWatchAdd:
		if len(rest) < 1 || strings.TrimSpace(rest[0]) == "" {
			return usage("cli.watch_needs_name")
		}
		cmd.Name = strings.TrimSpace(rest[0])
		if strings.TrimSpace(cmd.WatchArgs.Query) == "" {
			return usage("cli.watch_needs_query")
		}
		if len(cmd.WatchArgs.Sources) == 0 && len(cmd.WatchArgs.FeedTemplates) == 0 {
			return usage("cli.watch_needs_source")
		}
		if _, ok := monitor.ParseKind(cmd.WatchArgs.Kind); !ok {
			return usage("cli.bad_value", "flag", "--kind", "detail", "brand, product, competitor, topic")
		}
	case ActionWatchRemove:
		if len(rest) < 1 {
			return usage("cli.watch_needs_id")
		}
		cmd.WatchArgs.Watch = strings.TrimSpace(rest[0])
	case ActionWatchImpostorMark:
		if len(rest) < 2 {
			return usage("cli.watch_impostor_needs_mark")
		}
		st, err := impostor.ParseStatus(rest[1])
		if err != nil {
			return usage("cli.bad_value", "flag", "mark", "detail", "official, harmless, suspicious, reported")
		}
		cmd.WatchArgs.Suspect, cmd.WatchArgs.Status = strings.TrimSpace(rest[0]), st
	}
	return nil
}

// monitor is the veille, or an error when main did not wire one.
func (env Env) monitor() (*monitor.Service, error) {
	if env.Monitor == nil {
		return nil, errors.New("the veille is not available in this process")
	}
	return env.Monitor, nil
}

// watchSource reads one --source: a network (its one connected
// account), a network and an account (bluesky:HANDLE), or feed:URL.
func (env Env) watchSource(ctx context.Context, v string) (monitor.SourceRef, error) {
	kind, rest, _ := strings.Cut(v, ":")
	switch monitor.SourceKind(strings.ToLower(kind)) {
	case monitor.SourceFeed:
		if strings.TrimSpace(rest) == "" {
			return monitor.SourceRef{}, usage("cli.bad_watch_source", "value", v)
		}
		return monitor.SourceRef{Kind: monitor.SourceFeed, URL: strings.TrimSpace(rest)}, nil
	case monitor.SourceBluesky, monitor.SourceMastodon:
		network := app.Bluesky
		if strings.EqualFold(kind, "mastodon") {
			network = app.Mastodon
		}
		var acc app.Account
		var err error
		if rest != "" {
			acc, err = env.account(ctx, rest)
		} else if env.Accounts == nil {
			err = fail("cli.no_such_account", "id", kind)
		} else {
			acc, err = env.Accounts.ForTarget(ctx, app.Target{Network: network})
		}
		if err != nil {
			return monitor.SourceRef{}, err
		}
		if acc.Network != network {
			return monitor.SourceRef{}, usage("cli.bad_watch_source", "value", v)
		}
		return monitor.SourceRef{Kind: monitor.SourceKind(strings.ToLower(kind)), Account: acc.ID}, nil
	}
	return monitor.SourceRef{}, usage("cli.bad_watch_source", "value", v)
}

type watchJSON struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	Kind     string            `json:"kind"`
	Query    string            `json:"query"`
	Notify   bool              `json:"notify"`
	Created  time.Time         `json:"created"`
	Sources  []watchSourceJSON `json:"sources"`
	Describe string            `json:"description,omitempty"`
}

type watchSourceJSON struct {
	Kind      string    `json:"kind"`
	Account   string    `json:"account,omitempty"`
	URL       string    `json:"url,omitempty"`
	LastRead  time.Time `json:"last_read,omitzero"`
	NextDue   time.Time `json:"next_due,omitzero"`
	Failures  int       `json:"failures,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	Note      string    `json:"note,omitempty"`
}

func (env Env) toWatchJSON(w monitor.Watch) watchJSON {
	j := watchJSON{ID: w.ID.String(), Name: w.Name, Kind: string(w.Kind), Query: w.Query, Notify: w.Notify, Created: w.Created}
	if q, err := monitor.ParseQuery(w.Query); err == nil {
		j.Describe = q.Describe(env.Tr.T)
	}
	for _, s := range w.Sources {
		st := w.State[s.Key()]
		sj := watchSourceJSON{Kind: string(s.Kind), URL: s.URL, LastRead: st.LastRead, NextDue: st.NextDue, Failures: st.Failures, LastError: st.LastError, Note: st.Note}
		if !s.Account.IsZero() {
			sj.Account = s.Account.String()
		}
		j.Sources = append(j.Sources, sj)
	}
	return j
}

func watchAdd(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	kind, _ := monitor.ParseKind(cmd.WatchArgs.Kind)
	w := monitor.Watch{Name: cmd.Name, Kind: kind, Query: cmd.WatchArgs.Query, Notify: cmd.WatchArgs.Notify}
	for _, v := range cmd.WatchArgs.Sources {
		src, err := env.watchSource(ctx, v)
		if err != nil {
			return err
		}
		w.Sources = append(w.Sources, src)
	}
	for _, v := range cmd.WatchArgs.FeedTemplates {
		name, arg, _ := strings.Cut(v, ":")
		t, _ := monitor.ParseFeedTemplate(name)
		feed, err := monitor.FeedURL(t, w.Query, strings.TrimSpace(arg), string(env.Tr.Language()))
		if err != nil {
			return err
		}
		w.Sources = append(w.Sources, monitor.SourceRef{Kind: monitor.SourceFeed, URL: feed})
	}
	w, err = m.Add(ctx, w)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, env.toWatchJSON(w))
	}
	q, _ := monitor.ParseQuery(w.Query)
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_added", "name", w.Name, "id", w.ID.String(), "query", q.Describe(env.Tr.T)))
	return nil
}

func watchList(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	list, err := m.List(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := make([]watchJSON, len(list))
		for i, w := range list {
			out[i] = env.toWatchJSON(w)
		}
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_none"))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, w := range list {
		var srcs []string
		for _, s := range w.Sources {
			text := env.sourceText(ctx, s)
			if st := w.State[s.Key()]; st.LastError != "" {
				text += " (" + st.LastError + ")"
			} else if st.Note != "" {
				text += " (" + st.Note + ")"
			}
			srcs = append(srcs, text)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", w.ID, plainLine(w.Name), w.Kind, plainLine(w.Query), strings.Join(srcs, ", "))
	}
	return tw.Flush()
}

// sourceText names a source in a line: the account's handle, or the
// feed's address.
func (env Env) sourceText(ctx context.Context, s monitor.SourceRef) string {
	if s.Kind == monitor.SourceFeed {
		return "feed:" + s.URL
	}
	if env.Accounts != nil {
		if a, err := env.Accounts.Get(ctx, s.Account); err == nil {
			return string(s.Kind) + ":" + accountText(a)
		}
	}
	return string(s.Kind) + ":" + s.Account.String()
}

func watchRemove(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	id, err := env.watchID(ctx, cmd.WatchArgs.Watch)
	if err != nil {
		return err
	}
	if err := m.Remove(ctx, id); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]string{"removed": id.String()})
	}
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_removed", "id", id.String()))
	return nil
}

// watchID finds a watch by its ID or its name.
func (env Env) watchID(ctx context.Context, ref string) (app.ID, error) {
	list, err := env.Monitor.List(ctx)
	if err != nil {
		return app.ID{}, err
	}
	for _, w := range list {
		if w.ID.String() == strings.ToLower(ref) || strings.EqualFold(w.Name, ref) {
			return w.ID, nil
		}
	}
	return app.ID{}, fail("cli.no_such_watch", "id", ref)
}

type watchRunJSON struct {
	Source  watchSourceJSON `json:"source"`
	Watches []string        `json:"watches"`
	Found   int             `json:"found"`
	New     int             `json:"new"`
	Error   string          `json:"error,omitempty"`
}

func watchRun(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	progress := func(done, total int) {
		if !cmd.JSON && total > 0 {
			fmt.Fprintln(env.Stderr, env.Tr.T("cli.watch_progress", "done", strconv.Itoa(done), "total", strconv.Itoa(total)))
		}
	}
	reports, err := m.RefreshNow(ctx, progress)
	if err != nil {
		return err
	}
	failed := 0
	out := make([]watchRunJSON, len(reports))
	for i, r := range reports {
		j := watchRunJSON{Source: watchSourceJSON{Kind: string(r.Source.Kind), URL: r.Source.URL}, Found: r.Found, New: r.New}
		if !r.Source.Account.IsZero() {
			j.Source.Account = r.Source.Account.String()
		}
		for _, w := range r.Watches {
			j.Watches = append(j.Watches, w.String())
		}
		if r.Err != nil {
			failed++
			j.Error = env.Tr.Error(r.Err)
		}
		out[i] = j
		if !cmd.JSON {
			line := env.Tr.T("cli.watch_read", "source", env.sourceText(ctx, r.Source), "found", strconv.Itoa(r.Found), "new", strconv.Itoa(r.New))
			if r.Err != nil {
				line += " — " + j.Error
			}
			fmt.Fprintln(env.Stdout, line)
		}
	}
	if cmd.JSON {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fail("cli.watch_failed", "count", strconv.Itoa(failed))
	}
	return nil
}

type watchItemJSON struct {
	ID        string    `json:"id"`
	URI       string    `json:"uri"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source"`
	Author    string    `json:"author,omitempty"`
	Title     string    `json:"title,omitempty"`
	Text      string    `json:"text"`
	Language  string    `json:"language,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Found     time.Time `json:"found"`
	Watches   []string  `json:"watches"`
	Sentiment string    `json:"sentiment,omitempty"`
	Read      bool      `json:"read"`
	Important bool      `json:"important"`
}

func watchItems(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	f := monitor.Filter{From: cmd.WatchArgs.Since, Sentiment: cmd.WatchArgs.Sentiment, Limit: cmd.Limit}
	if cmd.WatchArgs.Watch != "" {
		if f.Watch, err = env.watchID(ctx, cmd.WatchArgs.Watch); err != nil {
			return err
		}
	}
	items, err := m.Items(ctx, f)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := make([]watchItemJSON, len(items))
		for i, it := range items {
			j := watchItemJSON{ID: it.ID.String(), URI: it.URI, URL: it.URL, Source: string(it.Source), Author: it.Author.Handle,
				Title: it.Title, Text: it.Text, Language: it.Language, Published: it.Published, Found: it.FoundAt,
				Sentiment: string(it.Sentiment), Read: it.Read, Important: it.Important}
			for _, w := range it.Watches {
				j.Watches = append(j.Watches, w.String())
			}
			out[i] = j
		}
		return writeJSON(env.Stdout, out)
	}
	if len(items) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_no_items"))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, it := range items {
		text := it.Text
		if it.Title != "" {
			text = it.Title + " — " + text
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", it.At().Local().Format("2006-01-02 15:04"), it.Source, plainLine(it.Author.Handle),
			env.sentimentText(it.Sentiment), cutLine(plainLine(text), 80), it.URL)
	}
	return tw.Flush()
}

// cutLine cuts a line to n characters.
func cutLine(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// plainLine is remote text on one line, without control characters (a
// terminal escape in a post is shown, never obeyed).
func plainLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)), " ")
}

// sentimentText is an item's tone in the user's language; "—" when it is
// not scored.
func (env Env) sentimentText(s monitor.Sentiment) string {
	switch s {
	case monitor.SentimentPositive, monitor.SentimentNeutral, monitor.SentimentNegative:
		return env.Tr.T("cli.sentiment." + string(s))
	}
	return env.Tr.T("cli.sentiment.unknown")
}

type watchSpikeJSON struct {
	Watch         string    `json:"watch"`
	WatchName     string    `json:"watch_name"`
	Hour          time.Time `json:"hour"`
	Count         int       `json:"count"`
	Negative      int       `json:"negative"`
	Percent       int       `json:"negative_percent"`
	Expected      float64   `json:"expected"`
	ExpectedShare float64   `json:"expected_negative_share"`
	P             float64   `json:"p"`
	Reasons       []string  `json:"reasons"`
}

// watchSpikes lists the spikes of the last 14 days, of one watch or all.
func watchSpikes(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	var id app.ID
	if cmd.WatchArgs.Watch != "" {
		if id, err = env.watchID(ctx, cmd.WatchArgs.Watch); err != nil {
			return err
		}
	}
	list, err := m.Spikes(ctx, id)
	if err != nil {
		return err
	}
	if cmd.JSON {
		out := make([]watchSpikeJSON, len(list))
		for i, sp := range list {
			j := watchSpikeJSON{Watch: sp.Watch.ID.String(), WatchName: sp.Watch.Name, Hour: sp.Hour.Start.UTC(), Count: sp.Hour.Count,
				Negative: sp.Hour.Negative, Percent: sp.Percent(), Expected: math.Round(sp.Expected*10) / 10,
				ExpectedShare: math.Round(sp.ExpectedShare*1000) / 1000, P: sp.P, Reasons: []string{}}
			if sp.Reason.Has(spike.Volume) {
				j.Reasons = append(j.Reasons, "volume")
			}
			if sp.Reason.Has(spike.NegativeShare) {
				j.Reasons = append(j.Reasons, "negative_share")
			}
			out[i] = j
		}
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_no_spikes"))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, sp := range list {
		var why []string
		if sp.Reason.Has(spike.Volume) {
			why = append(why, env.Tr.T("cli.watch_spike_volume"))
		}
		if sp.Reason.Has(spike.NegativeShare) {
			why = append(why, env.Tr.T("cli.watch_spike_negative"))
		}
		figures := env.Tr.T("cli.watch_spike", "count", env.Tr.Number(sp.Hour.Count),
			"expected", env.Tr.Number(int(math.Round(sp.Expected))), "percent", env.Tr.Number(sp.Percent()))
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sp.Hour.Start.Local().Format("2006-01-02 15:04"), plainLine(sp.Watch.Name), figures,
			strings.Join(why, ", "))
	}
	return tw.Flush()
}

// watchStarters lists the watches proposed from the workspace's
// accounts, and adds them with --add.
func watchStarters(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	list, err := m.Starters(ctx)
	if err != nil {
		return err
	}
	if cmd.WatchArgs.Add {
		for i, w := range list {
			if list[i], err = m.Add(ctx, w); err != nil {
				return err
			}
		}
	}
	if cmd.JSON {
		out := make([]watchJSON, len(list))
		for i, w := range list {
			out[i] = env.toWatchJSON(w)
		}
		return writeJSON(env.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_starters_none"))
		return nil
	}
	if cmd.WatchArgs.Add {
		for _, w := range list {
			q, _ := monitor.ParseQuery(w.Query)
			fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_starter_added", "name", w.Name, "id", w.ID.String(), "query", q.Describe(env.Tr.T)))
		}
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, w := range list {
		var srcs []string
		for _, s := range w.Sources {
			srcs = append(srcs, env.sourceText(ctx, s))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", plainLine(w.Name), w.Kind, plainLine(w.Query), strings.Join(srcs, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, env.Tr.T("cli.watch_starters_hint"))
	return nil
}

// watchAlerts shows, or sets with --quiet-hours-too, whether bad buzz
// alerts break through quiet hours.
func watchAlerts(ctx context.Context, cmd Command, env Env) error {
	m, err := env.monitor()
	if err != nil {
		return err
	}
	if v := cmd.WatchArgs.QuietHoursToo; v != "" {
		if err := m.SetAlertsBreakQuiet(ctx, v == "on"); err != nil {
			return err
		}
	}
	on, err := m.AlertsBreakQuiet(ctx)
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, map[string]bool{"quiet_hours_too": on})
	}
	key := "cli.watch_alerts_off"
	if on {
		key = "cli.watch_alerts_on"
	}
	fmt.Fprintln(env.Stdout, env.Tr.T(key))
	return nil
}
