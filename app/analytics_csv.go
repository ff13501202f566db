package app

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSVTable is one table of a report as tidy CSV: one row per
// observation, one column per variable, named in English for the tools
// that read them.
type CSVTable string

// The tables of a report.
const (
	CSVAccounts  CSVTable = "accounts"  // each account's figures by day
	CSVPosts     CSVTable = "posts"     // the posts with their figures
	CSVResponses CSVTable = "responses" // the inbox's response times
	// CSVVoice is the share of voice: each party's items per slice of
	// the period (the veille).
	CSVVoice CSVTable = "share_of_voice"
	// CSVCompetitors is the benchmark: the brand's accounts and its
	// competitors', one row each.
	CSVCompetitors CSVTable = "competitors"
)

// CSVTables lists the tables, in the order exports write them.
var CSVTables = []CSVTable{CSVAccounts, CSVPosts, CSVResponses, CSVVoice, CSVCompetitors}

// WriteCSV writes one table of the report. Times are in the report's
// zone, in RFC 3339; rates are fractions (0.05 for 5 %).
func WriteCSV(w io.Writer, rep Report, table CSVTable) error {
	zone := rep.Period.From.Location()
	cw := csv.NewWriter(w)
	names := map[ID]Account{}
	for _, a := range rep.Accounts {
		names[a.Account.ID] = a.Account
	}
	handle := func(id ID) string { return text(names[id].Handle) }
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(zone).Format(time.RFC3339)
	}
	num := strconv.Itoa
	var rows [][]string
	switch table {
	case CSVAccounts:
		rows = append(rows, []string{"date", "network", "account", "followers", "following", "posts", "read_at"})
		for _, a := range rep.Accounts {
			for _, d := range a.Days {
				rows = append(rows, []string{d.Day.Format(time.DateOnly), string(a.Account.Network), text(a.Account.Handle),
					num(d.Followers), num(d.Following), num(d.Posts), stamp(d.At)})
			}
		}
	case CSVPosts:
		rows = append(rows, []string{"published_at", "network", "account", "title", "text", "url",
			"likes", "boosts", "replies", "quotes", "engagement", "followers", "engagement_rate", "read_at", "gone", "views", "reach", "saves"})
		for _, s := range rep.Posts {
			rate := ""
			if s.Followers > 0 {
				rate = strconv.FormatFloat(s.Rate(), 'f', 6, 64)
			}
			rows = append(rows, []string{stamp(s.PublishedAt), string(s.Network), handle(s.Account), text(s.Title), text(s.Text), s.URL,
				num(s.Likes), num(s.Boosts), num(s.Replies), num(s.Quotes), num(s.Engagement()), num(s.Followers), rate,
				stamp(s.ReadAt), strconv.FormatBool(s.Gone), views(s), told(s.Reach), told(s.Saves)})
		}
	case CSVResponses:
		rows = append(rows, []string{"received_at", "network", "account", "kind", "author", "replied_at", "response_seconds"})
		for _, r := range rep.Inbox.Responses {
			took := ""
			if !r.RepliedAt.IsZero() {
				took = strconv.FormatInt(int64(r.Took/time.Second), 10)
			}
			rows = append(rows, []string{stamp(r.At), string(r.Network), handle(r.Account), string(r.Kind), text(r.Author),
				stamp(r.RepliedAt), took})
		}
	case CSVVoice:
		rows = voiceRows(rep)
	case CSVCompetitors:
		rows = append(rows, []string{"network", "account", "name", "own", "followers", "followers_growth", "posts",
			"posts_per_week", "likes", "reposts", "replies", "engagement", "engagement_per_post", "error"})
		for _, b := range rep.Benchmark {
			followers, growth, perPost := "", "", ""
			if n, ok := b.Followers(); ok {
				followers = num(n)
			}
			if n, ok := b.Growth(); ok {
				growth = num(n)
			}
			if v, ok := b.PerPost(); ok {
				perPost = strconv.FormatFloat(v, 'f', 2, 64)
			}
			rows = append(rows, []string{string(b.Network), text(b.Handle), text(b.Name), strconv.FormatBool(b.Own), followers, growth,
				num(b.Posts), strconv.FormatFloat(b.PerWeek(), 'f', 2, 64), num(b.Likes), num(b.Reposts), num(b.Replies),
				num(b.Engagement()), perPost, text(b.Error)})
		}
	default:
		return fmt.Errorf("no table %q (%s, %s, %s, %s or %s)", table, CSVAccounts, CSVPosts, CSVResponses, CSVVoice, CSVCompetitors)
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("writing the %s table: %w", table, err)
	}
	return nil
}

// voiceRows are the share of voice as a tidy table: one row per slice
// of the period and party, its share a fraction of the slice's items
// ("" for a slice without any). The slice's end is its last day.
func voiceRows(rep Report) [][]string {
	rows := [][]string{{"slice_start", "slice_end", "step", "voice", "party", "items", "share"}}
	v := rep.Voices
	for s, start := range v.Slices {
		end := v.SliceEnd(s, rep.Period)
		last := time.Date(end.Year(), end.Month(), end.Day()-1, 0, 0, 0, 0, end.Location())
		for i, x := range v.Voices {
			party := "competitor"
			if x.Brand {
				party = "brand"
			}
			share := ""
			if f, ok := v.SliceShare(i, s); ok {
				share = strconv.FormatFloat(f, 'f', 4, 64)
			}
			n := 0
			if s < len(x.Counts) {
				n = x.Counts[s]
			}
			rows = append(rows, []string{start.Format(time.DateOnly), last.Format(time.DateOnly), string(v.Step), text(x.Name), party,
				strconv.Itoa(n), share})
		}
	}
	return rows
}

// text keeps a spreadsheet from taking a cell someone else wrote for a
// formula: one that starts with = + - @ or a tab gets a leading
// apostrophe.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// views is a post's views for the CSV: "" where its network does not
// tell them.
func views(s PostStats) string { return told(s.Views) }

// told is a figure a network may not tell (views, reach, saves): "" for 0.
func told(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
