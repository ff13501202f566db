package i18n

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-app/relais/app"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(s string) string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return strings.Join(p, ",")
}

func TestTranslationsAreComplete(t *testing.T) {
	en, err := Load(app.LanguageEnglish)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range app.Languages {
		m, err := Load(l)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range en {
			other, ok := m[k]
			switch {
			case !ok:
				t.Errorf("%s lacks %q", l, k)
			case strings.TrimSpace(other) == "":
				t.Errorf("%s: %q is empty", l, k)
			case placeholders(other) != placeholders(v):
				t.Errorf("%s: %q has placeholders %s, English %s", l, k, placeholders(other), placeholders(v))
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which English lacks", l, k)
			}
		}
	}
}

// Every key the code asks for exists: a call T("x"), N("x") (x.one and
// x.other) or usage("x") with a literal key, anywhere in the module.
func TestEveryKeyUsedExists(t *testing.T) {
	en, _ := Load(app.LanguageEnglish)
	used, err := usedKeys(moduleRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for k, where := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s: uses key %q, which en.json lacks", strings.Join(where, ", "), k)
		}
	}
	if len(used) < 30 {
		t.Errorf("found only %d keys in use: the scan is broken", len(used))
	}
}

// usedKeys returns the literal keys that the non-test Go files under root
// pass to T, N and usage, with where each is used. It skips what the go
// tool skips (testdata, vendor, ".x" and "_x" directories) and build.
func usedKeys(root string) (map[string][]string, error) {
	used := make(map[string][]string)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || d.Name() == "vendor" || d.Name() == "build" ||
			strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || (name != "T" && name != "N" && name != "usage") {
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			keys := []string{key}
			if name == "N" {
				keys = []string{key + ".one", key + ".other"}
			}
			pos := fset.Position(lit.Pos())
			rel, _ := filepath.Rel(root, pos.Filename)
			for _, k := range keys {
				used[k] = append(used[k], fmt.Sprintf("%s:%d", rel, pos.Line))
			}
			return true
		})
		return nil
	})
	return used, err
}

// The scan itself: what it finds, and what it leaves out.
func TestUsedKeysScan(t *testing.T) {
	root := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		path = filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/x\n")
	write("a/a.go", "package a\n\nfunc f(tr interface{ T(string, ...string) string; N(string, int, ...string) string }, key string) {\n"+
		"\ttr.T(\"a.title\")\n\ttr.T(`a.raw`, \"n\", \"1\")\n\ttr.N(\"a.count\", 2)\n\tusage(\"cli.x\", \"flag\", \"-y\")\n"+
		"\ttr.T(key)\n\ttr.T(\"a.\" + key)\n\tfmt.Sprint(\"not.a.key\")\n}\n")
	write("a/a_test.go", "package a\nfunc g() { tr.T(\"test.only\") }\n")
	write("a/testdata/t.go", "package t\nfunc g() { tr.T(\"testdata.key\") }\n")
	write("vendor/v/v.go", "package v\nfunc g() { tr.T(\"vendor.key\") }\n")
	write(".ci/c.go", "package c\nfunc g() { tr.T(\"ci.key\") }\n")
	write("_old/o.go", "package o\nfunc g() { tr.T(\"old.key\") }\n")
	used, err := usedKeys(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range used {
		got = append(got, k)
	}
	sort.Strings(got)
	want := "a.count.one a.count.other a.raw a.title cli.x"
	if strings.Join(got, " ") != want {
		t.Errorf("found %q, want %q", strings.Join(got, " "), want)
	}
	if where := used["a.title"]; len(where) != 1 || where[0] != filepath.Join("a", "a.go")+":4" {
		t.Errorf("a.title used at %v", where)
	}
	write("b/broken.go", "package b\nfunc (\n")
	if _, err := usedKeys(root); err == nil {
		t.Error("a file that does not parse went unnoticed")
	}
}

// moduleRoot is the directory of go.mod above the package under test, so
// that the scan covers the whole module wherever the test runs from.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if !strings.Contains(string(b), "module github.com/relais-app/relais\n") {
				t.Fatalf("%s/go.mod is not Relais's", dir)
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// A key written twice in a file is silently collapsed by encoding/json, the
// first translation lost: a slip that merging two branches easily makes.
func TestNoDuplicateKeys(t *testing.T) {
	for _, l := range app.Languages {
		b, err := files.ReadFile("translations/" + string(l) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("%s.json does not start an object: %v %v", l, tok, err)
		}
		seen := make(map[string]bool)
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatalf("%s.json: %v", l, err)
			}
			key := tok.(string)
			if seen[key] {
				t.Errorf("%s.json has %q twice", l, key)
			}
			seen[key] = true
			var v string
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s.json: %q is not a string: %v", l, key, err)
			}
		}
		if len(seen) < 50 {
			t.Errorf("%s.json has only %d keys", l, len(seen))
		}
	}
}

// Messages with placeholders use only the names the code passes; a stray
// brace (a typo such as "{count" or "{Count}") would be shown as is.
func TestPlaceholdersAreWellFormed(t *testing.T) {
	for _, l := range app.Languages {
		m, _ := Load(l)
		for k, v := range m {
			rest := placeholder.ReplaceAllString(v, "")
			if strings.ContainsAny(rest, "{}") {
				t.Errorf("%s: %q has a malformed placeholder: %q", l, k, v)
			}
		}
	}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		vars map[string]string
		want app.Language
	}{
		{nil, app.LanguageEnglish},
		{map[string]string{"LANG": "C"}, app.LanguageEnglish},
		{map[string]string{"LANG": "C.UTF-8"}, app.LanguageEnglish},
		{map[string]string{"LANG": "POSIX"}, app.LanguageEnglish},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, app.LanguageFrench},
		{map[string]string{"LANG": "fr_CA"}, app.LanguageFrench},
		{map[string]string{"LANG": "fr"}, app.LanguageFrench},
		{map[string]string{"LANG": "de_DE.UTF-8"}, app.LanguageEnglish},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "fr:en"}, app.LanguageFrench},
		{map[string]string{"LANG": "C", "LANGUAGE": "fr"}, app.LanguageEnglish},
		{map[string]string{"LANG": "en_GB.UTF-8", "LC_ALL": "fr_BE.UTF-8"}, app.LanguageFrench},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, app.LanguageEnglish},
		{map[string]string{"LANG": "de_DE", "LANGUAGE": "de:fr"}, app.LanguageFrench},
		// More forms of locale names.
		{map[string]string{"LANG": "fr-CA"}, app.LanguageFrench},
		{map[string]string{"LANG": "FR_fr.utf8"}, app.LanguageFrench},
		{map[string]string{"LANG": "fr_FR@euro"}, app.LanguageFrench},
		{map[string]string{"LANG": "fr.UTF-8"}, app.LanguageFrench},
		{map[string]string{"LANG": "en_US.UTF-8"}, app.LanguageEnglish},
		{map[string]string{"LANG": "frr_DE.UTF-8"}, app.LanguageEnglish}, // North Frisian is not French
		// The order of the variables: LC_ALL, then LC_MESSAGES, then LANG.
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, app.LanguageEnglish},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, app.LanguageEnglish},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, app.LanguageFrench},
		{map[string]string{"LC_MESSAGES": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, app.LanguageFrench},
		// LANGUAGE: a priority list, skipped entries Relais does not
		// speak, and ignored under the C locale or no locale at all.
		{map[string]string{"LANG": "fr_FR.UTF-8", "LANGUAGE": "de:it"}, app.LanguageFrench},
		{map[string]string{"LANG": "de_DE.UTF-8", "LANGUAGE": "de::en_GB:fr"}, app.LanguageEnglish},
		{map[string]string{"LANGUAGE": "fr"}, app.LanguageEnglish},
		{map[string]string{"LANG": "POSIX", "LANGUAGE": "fr"}, app.LanguageEnglish},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}, app.LanguageEnglish},
		// A malformed priority list gives the locale's language, not a crash.
		{map[string]string{"LANG": "fr_FR.UTF-8", "LANGUAGE": "_:@:-"}, app.LanguageFrench},
	} {
		if got := Detect(env(c.vars)); got != c.want {
			t.Errorf("Detect(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}

func TestResolve(t *testing.T) {
	fr, en, auto := app.LanguageFrench, app.LanguageEnglish, app.LanguageAuto
	for _, c := range []struct{ flag, saved, system, want app.Language }{
		{fr, en, en, fr}, {en, fr, fr, en}, // the command line wins
		{auto, fr, en, fr}, {auto, en, fr, en}, // then Settings
		{auto, auto, fr, fr}, {auto, auto, en, en}, // then the system
		{auto, auto, auto, en}, // English when nobody says
	} {
		if got := Resolve(c.flag, c.saved, c.system); got != c.want {
			t.Errorf("Resolve(%q, %q, %q) = %q", c.flag, c.saved, c.system, got)
		}
	}
}

func TestPlurals(t *testing.T) {
	fr, en := New(app.LanguageFrench), New(app.LanguageEnglish)
	for _, c := range []struct {
		tr   *Translator
		n    int
		want string
	}{
		// French: 0 and 1 are singular.
		{fr, 0, "0 brouillon"}, {fr, 1, "1 brouillon"}, {fr, 2, "2 brouillons"},
		{fr, 1000, "1\u202f000 brouillons"}, {fr, 100000, "100\u202f000 brouillons"},
		// English: only 1 is.
		{en, 0, "0 drafts"}, {en, 1, "1 draft"}, {en, 2, "2 drafts"}, {en, 1234567, "1,234,567 drafts"},
	} {
		if got := c.tr.N("drafts.count", c.n); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.tr.Language(), c.n, got, c.want)
		}
	}
	// Other placeholders go with {count}.
	if got := fr.N("cli.exported", 0, "file", "plan.ics"); got != "0 publication prévue écrite dans plan.ics." {
		t.Errorf("fr N with vars: %q", got)
	}
	if got := en.N("cli.exported", 2500, "file", "plan.ics"); got != "2,500 planned posts written to plan.ics." {
		t.Errorf("en N with vars: %q", got)
	}
}

func TestNumber(t *testing.T) {
	fr, en := New(app.LanguageFrench), New(app.LanguageEnglish)
	for _, c := range []struct {
		n      int
		en, fr string
	}{
		{0, "0", "0"},
		{7, "7", "7"},
		{999, "999", "999"},
		{1000, "1,000", "1\u202f000"},
		{12345, "12,345", "12\u202f345"},
		{999999, "999,999", "999\u202f999"},
		{1000000, "1,000,000", "1\u202f000\u202f000"},
		{-5, "-5", "-5"},
		{-999, "-999", "-999"},
		{-1000, "-1,000", "-1\u202f000"},
		{-1234567, "-1,234,567", "-1\u202f234\u202f567"},
	} {
		if got := en.Number(c.n); got != c.en {
			t.Errorf("en Number(%d) = %q, want %q", c.n, got, c.en)
		}
		if got := fr.Number(c.n); got != c.fr {
			t.Errorf("fr Number(%d) = %q, want %q", c.n, got, c.fr)
		}
	}
}

func TestT(t *testing.T) {
	en, fr := New(app.LanguageEnglish), New(app.LanguageFrench)
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key gives %q", got)
	}
	if got := fr.T("compose.length", "network", "Mastodon", "count", "12", "max", "500"); got != "Mastodon 12/500" {
		t.Errorf("placeholders: %q", got)
	}
	// A value is not scanned again for placeholders, and a lone name
	// without its value is ignored.
	if got := en.T("cli.error", "message", "{message}", "extra"); got != "relais: {message}" {
		t.Errorf("odd vars: %q", got)
	}
	if got := en.T("calendar.week_range", "from", "Nov 23", "to", "Nov 29", "unused", "x"); got != "Nov 23 – Nov 29" {
		t.Errorf("an unused var changes the message: %q", got)
	}
	// A key a language lacks falls back to English.
	partial := &Translator{lang: app.LanguageFrench, messages: map[string]string{}, fallback: en.messages}
	if got := partial.T("time.minutes_ago", "n", "3"); got != "3 min ago" {
		t.Errorf("fallback to English: %q", got)
	}
	if New(app.LanguageAuto).Language() != app.LanguageEnglish || fr.Language() != app.LanguageFrench {
		t.Error("New(LanguageAuto) should speak English")
	}
	if _, err := Load("de"); err == nil {
		t.Error("Load(de) found a translation")
	}
}

func TestAgoAndDate(t *testing.T) {
	loc := time.FixedZone("CET", 3600) // Ago and Date read the times as given
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, loc)
	fr, en := New(app.LanguageFrench), New(app.LanguageEnglish)
	for _, c := range []struct {
		when   time.Time
		en, fr string
	}{
		{now, "just now", "à l’instant"},
		{now.Add(-59 * time.Second), "just now", "à l’instant"},
		{now.Add(10 * time.Second), "just now", "à l’instant"}, // a clock a little ahead
		{now.Add(-time.Minute), "1 min ago", "il y a 1 min"},
		{now.Add(-5 * time.Minute), "5 min ago", "il y a 5 min"},
		{now.Add(-59*time.Minute - 59*time.Second), "59 min ago", "il y a 59 min"},
		{now.Add(-time.Hour), "today at 14:00", "aujourd’hui à 14:00"},
		{time.Date(2026, 11, 25, 0, 5, 0, 0, loc), "today at 00:05", "aujourd’hui à 00:05"},
		{time.Date(2026, 11, 24, 23, 59, 0, 0, loc), "yesterday at 23:59", "hier à 23:59"},
		{time.Date(2026, 11, 24, 0, 0, 0, 0, loc), "yesterday at 00:00", "hier à 00:00"},
		{time.Date(2026, 11, 23, 23, 59, 0, 0, loc), "Nov 23", "23 nov."},
		{time.Date(2026, 2, 3, 8, 0, 0, 0, loc), "Feb 3", "3 févr."},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, loc), "Jan 1", "1 janv."},
		{time.Date(2025, 8, 15, 8, 0, 0, 0, loc), "Aug 15, 2025", "15 août 2025"},
		{time.Date(2025, 12, 31, 23, 0, 0, 0, loc), "Dec 31, 2025", "31 déc. 2025"},
	} {
		if got := en.Ago(c.when, now); got != c.en {
			t.Errorf("en Ago(%v) = %q, want %q", c.when, got, c.en)
		}
		if got := fr.Ago(c.when, now); got != c.fr {
			t.Errorf("fr Ago(%v) = %q, want %q", c.when, got, c.fr)
		}
	}
	// Yesterday across the turn of the year, and a date in another year.
	newYear := time.Date(2027, 1, 1, 0, 30, 0, 0, loc)
	if got := fr.Ago(time.Date(2026, 12, 31, 22, 15, 0, 0, loc), newYear); got != "hier à 22:15" {
		t.Errorf("yesterday across the new year: %q", got)
	}
	if got := en.Date(time.Date(2027, 3, 9, 0, 0, 0, 0, loc), now); got != "Mar 9, 2027" {
		t.Errorf("a date next year: %q", got)
	}
	// Every month has its name.
	enMonths := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	frMonths := []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	for i := range 12 {
		when := time.Date(2026, time.Month(i+1), 10, 12, 0, 0, 0, loc)
		if got, want := en.Date(when, now), enMonths[i]+" 10"; got != want {
			t.Errorf("en Date(%v) = %q, want %q", when, got, want)
		}
		if got, want := fr.Date(when, now), "10 "+frMonths[i]; got != want {
			t.Errorf("fr Date(%v) = %q, want %q", when, got, want)
		}
	}
}

func TestErrorsInPlainWords(t *testing.T) {
	en, fr := New(app.LanguageEnglish), New(app.LanguageFrench)
	for _, c := range []struct {
		err    error
		key    string
		en, fr string
	}{
		{app.ErrWorkspaceLocked, "error.locked", "Another Relais is already using this data directory", "Une autre instance de Relais"},
		{app.ErrNewerSchema, "error.newer_schema", "newer version of Relais", "version plus récente"},
		{app.ErrNotFound, "error.not_found", "no longer exists", "n’existe plus"},
		{app.ErrEmptyDraft, "error.empty_draft", "The draft is empty", "Le brouillon est vide"},
		{app.ErrBadID, "error.bad_id", "not a draft ID", "identifiant"},
		{app.ErrUnknownLanguage, "error.unknown_language", "English (en) and French (fr)", "anglais (en)"},
		{context.Canceled, "error.cancelled", "Cancelled.", "Annulé."},
		{app.ErrFollowHandled, "error.follow_handled", "already handled or withdrawn", "déjà été traitée ou retirée"},
		{app.ErrNotFollowRequest, "error.not_follow_request", "not a follow request", "pas une demande d’abonnement"},
		{app.ErrCannotAnswerFollow, "error.cannot_answer_follow", "cannot answer follow requests", "ne peut pas répondre"},
	} {
		for _, err := range []error{c.err, fmt.Errorf("doing something: %w", c.err), fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", c.err))} {
			if got := en.Error(err); got != en.T(c.key) || !strings.Contains(got, c.en) {
				t.Errorf("en Error(%v) = %q, want %s: %q", err, got, c.key, c.en)
			}
			if got := fr.Error(err); got != fr.T(c.key) || !strings.Contains(got, c.fr) {
				t.Errorf("fr Error(%v) = %q, want %s: %q", err, got, c.key, c.fr)
			}
		}
	}
	// An error the core does not name keeps its detail.
	unknown := fmt.Errorf("doing something: %w", errors.New("disk full"))
	if got := en.Error(unknown); got != "Something went wrong: doing something: disk full" {
		t.Errorf("en unknown error: %q", got)
	}
	if got := fr.Error(unknown); got != "Un problème est survenu : doing something: disk full" {
		t.Errorf("fr unknown error: %q", got)
	}
	// A deadline is not a cancellation by the user.
	if got := en.Error(context.DeadlineExceeded); !strings.HasPrefix(got, "Something went wrong: ") {
		t.Errorf("deadline: %q", got)
	}
	if en.Error(nil) != "" || fr.Error(nil) != "" {
		t.Error("no error should say nothing")
	}
}

// Odd locales from a broken environment must not crash Relais at start.
func TestDetectOddLocales(t *testing.T) {
	for _, locale := range []string{"_", "@", "-", ".", "@euro", "_FR", "fr@euro", "..."} {
		got := Detect(env(map[string]string{"LANG": locale}))
		want := app.LanguageEnglish
		if locale == "fr@euro" {
			want = app.LanguageFrench
		}
		if got != want {
			t.Errorf("LANG=%q: %q, want %q", locale, got, want)
		}
	}
}
