package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// parseCheck reads "check [--lang fr|en|auto] [--network KIND |
// --account ID|HANDLE] [TEXT]".
// Its --lang is the text's language, not the language Relais speaks
// (that one is the --lang given before "check"); without TEXT, the text
// is read on standard input.
func parseCheck(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionCheck
	var textLang string // check's own --lang
	fs := newFlagSet(cmd, &textLang)
	fs.value("network", func(v string) (err error) {
		cmd.Network, err = parseNetwork(v)
		return err
	})
	fs.StringVar(&cmd.Account, "account", "", "")
	words, err := parseRest(fs, cmd, args, len(args))
	if err != nil {
		return err
	}
	cmd.Text = strings.Join(words, " ")
	v := strings.ToLower(strings.TrimSpace(textLang))
	if v == "auto" {
		v = ""
	}
	if cmd.TextLang, err = app.ParseLanguage(v); err != nil {
		return usage("cli.bad_value", "flag", "check --lang", "detail", "fr, en, auto")
	}
	return nil
}

// checkJSON is what `check --json` prints; a contract for scripts.
type checkJSON struct {
	Language string        `json:"language"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Findings []findingJSON `json:"findings"`
	// Length and MaxLength are the text's length as the network counts
	// it and the most it takes, with --network (its defaults) or
	// --account (what its server announced); absent without either.
	Length    *int `json:"length,omitempty"`
	MaxLength *int `json:"max_length,omitempty"`
}

// findingJSON is one finding: its place (byte offsets, and the line and
// column in characters, from 1), what it is, and its fixes.
type findingJSON struct {
	Kind     string   `json:"kind"`
	Severity string   `json:"severity"` // error or warning
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Text     string   `json:"text"`
	Message  string   `json:"message"`
	Fixes    []string `json:"fixes"`
}

// errFindings ends a check that found errors: exit 1, with nothing more
// to say than the findings already printed.
var errFindings = errors.New("the text has errors")

// check proofreads a text and prints the findings; it fails when one of
// them is an error.
func check(ctx context.Context, cmd Command, env Env) error {
	if env.Proofreader == nil {
		return fail("cli.no_proofreader")
	}
	text := cmd.Text
	if text == "" {
		var err error
		if text, err = readText(env.Stdin); err != nil {
			return err
		}
		text = strings.TrimRight(text, "\r\n")
	}
	if strings.TrimSpace(text) == "" {
		return fail("cli.check_empty")
	}
	// The limits: the account's own (a server may allow 5,000
	// characters), else the network's defaults.
	network, limits, target := cmd.Network, cmd.Network.Limits(), cmd.Network.Name()
	if name := strings.TrimSpace(cmd.Account); name != "" {
		acc, err := env.account(ctx, name)
		if err != nil {
			return err
		}
		network, limits, target = acc.Network, app.LimitsFor([]app.Account{acc}, acc.Target()), acc.Name()
	}
	res, err := env.Proofreader.Proofread(ctx, text, app.ProofOptions{Language: cmd.TextLang, Network: network})
	if err != nil {
		return err
	}
	out := checkJSON{Language: string(res.Language), Findings: []findingJSON{}}
	tooLong := false
	if network != "" && limits.MaxLength > 0 {
		n, max := limits.Length(network, text), limits.MaxLength
		out.Length, out.MaxLength = &n, &max
		if tooLong = n > max; tooLong {
			out.Errors++
		}
	}
	for _, f := range res.Findings {
		line, col := position(text, f.Start)
		sev := "warning"
		if f.Blocking() {
			sev = "error"
			out.Errors++
		} else {
			out.Warnings++
		}
		fixes := f.Fixes
		if fixes == nil {
			fixes = []string{}
		}
		out.Findings = append(out.Findings, findingJSON{Kind: string(f.Kind), Severity: sev, Start: f.Start, End: f.End,
			Line: line, Column: col, Text: f.Text, Message: env.Tr.Finding(f), Fixes: fixes})
	}
	if cmd.JSON {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else {
		tr := env.Tr
		for _, f := range out.Findings {
			line := tr.T("cli.check_line", "line", fmt.Sprint(f.Line), "column", fmt.Sprint(f.Column),
				"severity", tr.T("cli.check_"+f.Severity), "message", f.Message)
			if len(f.Fixes) > 0 {
				// Fixes as they are (a narrow no-break space stays one),
				// only their control characters made spaces.
				line += " → " + strings.Map(func(r rune) rune {
					if unicode.IsControl(r) {
						return ' '
					}
					return r
				}, strings.Join(f.Fixes, ", "))
			}
			fmt.Fprintln(env.Stdout, line)
		}
		if tooLong {
			fmt.Fprintln(env.Stdout, tr.T("cli.check_too_long", "target", target,
				"count", tr.Number(*out.Length), "max", tr.Number(*out.MaxLength)))
		}
		summary := tr.T("cli.check_clean", "language", languageWord(tr, res.Language))
		if len(out.Findings) > 0 || tooLong {
			summary = tr.T("cli.check_summary", "errors", tr.N("cli.check_errors", out.Errors),
				"warnings", tr.N("cli.check_warnings", out.Warnings), "language", languageWord(tr, res.Language))
		}
		fmt.Fprintln(env.Stdout, summary)
	}
	if res.Errors() || tooLong {
		return errFindings
	}
	return nil
}

// position is the line and column, in characters, both from 1, of the
// byte offset at in text.
func position(text string, at int) (line, col int) {
	before := text[:min(max(at, 0), len(text))]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// languageWord names the language a text was checked in.
func languageWord(tr *i18n.Translator, l app.Language) string {
	switch l {
	case app.LanguageFrench:
		return tr.T("cli.check_lang.fr")
	case app.LanguageEnglish:
		return tr.T("cli.check_lang.en")
	}
	return string(l)
}
