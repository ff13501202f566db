package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/mastodon/mastodontest"
)

// wordProofreader flags every occurrence of its words as misspelt, with
// one fix, and "..." as a warning; it remembers what it was asked.
type wordProofreader struct {
	words map[string]string // misspelt word -> fix
	asked app.ProofOptions
	text  string
}

func (p *wordProofreader) Proofread(ctx context.Context, text string, opt app.ProofOptions) (app.Proofread, error) {
	p.asked, p.text = opt, text
	lang := opt.Language
	if lang == app.LanguageAuto {
		lang = app.LanguageFrench
	}
	res := app.Proofread{Language: lang}
	for bad, fix := range p.words {
		for from := 0; ; {
			i := strings.Index(text[from:], bad)
			if i < 0 {
				break
			}
			at := from + i
			res.Findings = append(res.Findings, app.Finding{Kind: app.FindSpelling, Severity: app.SeverityError,
				Start: at, End: at + len(bad), Text: bad, Fixes: []string{fix}})
			from = at + len(bad)
		}
	}
	if i := strings.Index(text, "..."); i >= 0 {
		res.Findings = append(res.Findings, app.Finding{Kind: app.FindEllipsis, Start: i, End: i + 3, Text: "...", Fixes: []string{"…"}})
	}
	return res, nil
}

func (p *wordProofreader) SetPersonal([]string) {}

func TestCheck(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageFrench)
	p := &wordProofreader{words: map[string]string{"boulengerie": "boulangerie"}}
	env.Proofreader = p

	code, out, errOut := runAll(t, env, "check", "Été", "à", "la", "boulengerie")
	if code != ExitError || errOut != "" {
		t.Fatalf("check with an error: exit %d, %q", code, errOut)
	}
	want := "1:10 erreur : « boulengerie » n’est pas dans le dictionnaire → boulangerie\n1 erreur, 0 avertissement (français).\n"
	if out != want {
		t.Errorf("check printed\n%q\nwant\n%q", out, want)
	}
	if p.text != "Été à la boulengerie" || p.asked.Language != app.LanguageAuto {
		t.Errorf("asked %q %+v", p.text, p.asked)
	}

	// --lang and --network are the text's; the line and column count
	// characters, across lines; a warning alone exits 0.
	env.Stdin = strings.NewReader("Bonjour 👋\nà bientôt...\n")
	code, out, _ = runAll(t, env, "check", "--lang", "en", "--network", "bluesky", "--json")
	var got checkJSON
	if err := json.Unmarshal([]byte(out), &got); code != ExitOK || err != nil {
		t.Fatalf("check --json: exit %d, %s (%v)", code, out, err)
	}
	if p.asked.Language != app.LanguageEnglish || p.asked.Network != app.Bluesky || p.text != "Bonjour 👋\nà bientôt..." {
		t.Errorf("asked %q %+v", p.text, p.asked)
	}
	if got.Language != "en" || got.Errors != 0 || got.Warnings != 1 || len(got.Findings) != 1 {
		t.Fatalf("check --json: %s", out)
	}
	f := got.Findings[0]
	if f.Kind != "ellipsis" || f.Severity != "warning" || f.Line != 2 || f.Column != 10 || f.Text != "..." ||
		f.Start != len("Bonjour 👋\nà bientôt") || len(f.Fixes) != 1 || f.Fixes[0] != "…" || !strings.Contains(f.Message, "« … »") {
		t.Errorf("the finding: %+v", f)
	}

	// Clean: exit 0, said so.
	code, out, _ = runAll(t, env, "check", "Tout va bien")
	if code != ExitOK || out != "Aucune faute trouvée (français).\n" {
		t.Errorf("a clean text: exit %d, %q", code, out)
	}
	// No text; no dictionaries; a bad --lang.
	env.Stdin = strings.NewReader("  \n")
	if code, _, errOut := runAll(t, env, "check"); code != ExitError || !strings.Contains(errOut, "pas de texte à vérifier") {
		t.Errorf("no text: exit %d, %q", code, errOut)
	}
	env.Proofreader = nil
	if code, _, errOut := runAll(t, env, "check", "x"); code != ExitError || !strings.Contains(errOut, "dictionnaires") {
		t.Errorf("no proofreader: exit %d, %q", code, errOut)
	}
	if _, err := Parse([]string{"check", "--lang", "de", "x"}); err == nil {
		t.Error("check --lang de parsed")
	}
	// The --lang before "check" is the language Relais speaks.
	cmd, err := Parse([]string{"--lang", "en", "check", "--lang", "fr", "Bonjour"})
	if err != nil || cmd.Lang != app.LanguageEnglish || cmd.TextLang != app.LanguageFrench || cmd.Text != "Bonjour" || cmd.ReadsStdin() {
		t.Errorf("parsed %+v, %v", cmd, err)
	}
	if cmd, _ := Parse([]string{"check"}); !cmd.ReadsStdin() {
		t.Error("check without text does not read standard input")
	}
}

func TestSchedulingIsProofread(t *testing.T) {
	env, _, _, _ := newEnv(t, app.LanguageFrench)
	p := &wordProofreader{words: map[string]string{"boulengerie": "boulangerie"}}
	env.Drafts.UseProofreader(p)
	args := []string{"draft", "add", "--text", "La boulengerie ouvre", "--network", "mastodon", "--at", "2026-12-01 09:00", "--status", "scheduled"}
	code, _, errOut := runAll(t, env, args...)
	if code != ExitError || !strings.Contains(errOut, "Mastodon : « boulengerie » n’est pas dans le dictionnaire") {
		t.Fatalf("a typo scheduled: exit %d, %q", code, errOut)
	}
	if n := len(allPosts(t, env)); n != 0 {
		t.Fatalf("%d posts stored after a refusal", n)
	}
	code, out, errOut := runAll(t, env, append(args, "--ignore-proofreading", "--json")...)
	var d draftOut
	if code != ExitOK || json.Unmarshal([]byte(out), &d) != nil || d.Status != "scheduled" {
		t.Fatalf("--ignore-proofreading: exit %d, %s %s", code, out, errOut)
	}
	// draft status: refused, then allowed.
	code, out, _ = runAll(t, env, "draft", "add", "--text", "Une autre boulengerie", "--network", "mastodon", "--at", "2026-12-02 09:00", "--json")
	json.Unmarshal([]byte(out), &d)
	if code, _, _ := runAll(t, env, "draft", "status", d.ID, "scheduled"); code != ExitError {
		t.Errorf("draft status scheduled with a typo: exit %d", code)
	}
	if code, _, errOut := runAll(t, env, "draft", "status", d.ID, "scheduled", "--ignore-proofreading"); code != ExitOK {
		t.Errorf("draft status --ignore-proofreading: exit %d, %s", code, errOut)
	}
}

func TestInboxReplyIsProofread(t *testing.T) {
	e := syncedEnv(t, app.LanguageFrench)
	e.Inbox.UseProofreader(&wordProofreader{words: map[string]string{"mercii": "merci"}})
	anne := listJSON(t, e.Env)[4]
	code, _, errOut := runAll(t, e.Env, "inbox", "reply", anne.ID, "--text", "mercii beaucoup")
	if code != ExitError || !strings.Contains(errOut, "« mercii » n’est pas dans le dictionnaire") || len(e.masto.published()) != 0 {
		t.Fatalf("a reply with a typo: exit %d, %q, %d sent", code, errOut, len(e.masto.published()))
	}
	if code, _, errOut := runAll(t, e.Env, "inbox", "reply", anne.ID, "--text", "mercii beaucoup", "--ignore-proofreading"); code != ExitOK || len(e.masto.published()) != 1 {
		t.Errorf("--ignore-proofreading: exit %d, %q", code, errOut)
	}
}

// check --account holds the text to what the account's server announced
// (a GoToSocial's 5,000 characters); --network to the network's default.
func TestCheckLengthForAnAccount(t *testing.T) {
	env, _ := networkEnv(t)
	env.Proofreader = &wordProofreader{}
	masto := mastodontest.Start(t)
	masto.SetStatusLimits(mastodontest.StatusLimits{MaxCharacters: 5000, CharactersPerURL: 25, GoToSocial: true})
	env.Stdin = strings.NewReader(masto.Token() + "\n")
	if code, _, errOut := runAll(t, env, "account", "add", "mastodon", "--server", masto.URL(), "--token-stdin"); code != ExitOK {
		t.Fatalf("account add: %s", errOut)
	}
	handle := "relais@" + strings.TrimPrefix(masto.URL(), "http://")
	text := strings.Repeat("a", 830)
	var got checkJSON
	code, out, errOut := runAll(t, env, "check", "--account", handle, "--json", text)
	if err := json.Unmarshal([]byte(out), &got); code != ExitOK || err != nil || got.Length == nil || *got.Length != 830 || *got.MaxLength != 5000 || got.Errors != 0 {
		t.Fatalf("check --account: exit %d, %s %s", code, out, errOut)
	}
	code, out, _ = runAll(t, env, "check", "--network", "mastodon", text)
	if code != ExitError || !strings.Contains(out, "Too long for Mastodon: 830 characters, 500 at most.") {
		t.Errorf("check --network mastodon: exit %d, %q", code, out)
	}
	code, out, _ = runAll(t, env, "check", "--account", handle, strings.Repeat("b", 5001))
	if code != ExitError || !strings.Contains(out, "Too long for "+handle+": 5,001 characters, 5,000 at most.") {
		t.Errorf("check --account, 5,001 characters: exit %d, %q", code, out)
	}
	// Scheduling from the command line holds the post to the same limit.
	if code, _, errOut := runAll(t, env, "draft", "add", "--text", text, "--account", handle, "--status", "scheduled", "--at", "2030-01-01 10:00"); code != ExitOK {
		t.Errorf("scheduling 830 characters for a 5,000-character account: %s", errOut)
	}
}
