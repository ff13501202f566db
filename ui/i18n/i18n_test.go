package i18n

import (
	"context"
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
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not at %s", root)
	}
	used := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "build" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
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
			key, _ := strconv.Unquote(lit.Value)
			keys := []string{key}
			if name == "N" {
				keys = []string{key + ".one", key + ".other"}
			}
			for _, k := range keys {
				used++
				if _, ok := en[k]; !ok {
					t.Errorf("%s uses key %q, which en.json lacks", path, k)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if used < 30 {
		t.Errorf("found only %d keys in use: the scan is broken", used)
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
	} {
		if got := Detect(env(c.vars)); got != c.want {
			t.Errorf("Detect(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}

func TestResolve(t *testing.T) {
	fr, en, auto := app.LanguageFrench, app.LanguageEnglish, app.LanguageAuto
	for _, c := range []struct{ flag, saved, system, want app.Language }{
		{fr, en, en, fr}, {auto, fr, en, fr}, {auto, auto, fr, fr}, {auto, auto, auto, en},
	} {
		if got := Resolve(c.flag, c.saved, c.system); got != c.want {
			t.Errorf("Resolve(%q, %q, %q) = %q", c.flag, c.saved, c.system, got)
		}
	}
}

func TestPluralsAndNumbers(t *testing.T) {
	fr, en := New(app.LanguageFrench), New(app.LanguageEnglish)
	for _, c := range []struct {
		tr   *Translator
		n    int
		want string
	}{
		{fr, 0, "0 brouillon"}, {fr, 1, "1 brouillon"}, {fr, 2, "2 brouillons"}, {fr, 100000, "100\u202f000 brouillons"},
		{en, 0, "0 drafts"}, {en, 1, "1 draft"}, {en, 1234567, "1,234,567 drafts"},
	} {
		if got := c.tr.N("drafts.count", c.n); got != c.want {
			t.Errorf("%s N(%d) = %q, want %q", c.tr.Language(), c.n, got, c.want)
		}
	}
	if got := en.Number(-1234); got != "-1,234" {
		t.Errorf("Number(-1234) = %q", got)
	}
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key gives %q", got)
	}
}

func TestAgoAndDate(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	fr, en := New(app.LanguageFrench), New(app.LanguageEnglish)
	for _, c := range []struct {
		tr   *Translator
		when time.Time
		want string
	}{
		{en, now.Add(-30 * time.Second), "just now"},
		{fr, now.Add(-5 * time.Minute), "il y a 5 min"},
		{en, now.Add(-3 * time.Hour), "today at 12:00"},
		{fr, now.Add(-20 * time.Hour), "hier à 19:00"},
		{en, time.Date(2026, 2, 3, 8, 0, 0, 0, time.UTC), "Feb 3"},
		{fr, time.Date(2026, 2, 3, 8, 0, 0, 0, time.UTC), "3 févr."},
		{fr, time.Date(2025, 8, 15, 8, 0, 0, 0, time.UTC), "15 août 2025"},
		{en, time.Date(2025, 8, 15, 8, 0, 0, 0, time.UTC), "Aug 15, 2025"},
	} {
		if got := c.tr.Ago(c.when, now); got != c.want {
			t.Errorf("%s Ago(%v) = %q, want %q", c.tr.Language(), c.when, got, c.want)
		}
	}
}

func TestErrorsInPlainWords(t *testing.T) {
	fr := New(app.LanguageFrench)
	for _, c := range []struct {
		err  error
		want string
	}{
		{app.ErrWorkspaceLocked, "Une autre instance de Relais"},
		{app.ErrNewerSchema, "version plus récente"},
		{app.ErrNotFound, "n’existe plus"},
		{app.ErrEmptyDraft, "Le brouillon est vide"},
		{app.ErrBadID, "identifiant"},
		{app.ErrUnknownLanguage, "anglais (en)"},
		{context.Canceled, "Annulé"},
		{errors.New("disk full"), "Un problème est survenu : doing something: disk full"},
	} {
		wrapped := fmt.Errorf("doing something: %w", c.err)
		if got := fr.Error(wrapped); !strings.Contains(got, c.want) {
			t.Errorf("Error(%v) = %q, want it to say %q", c.err, got, c.want)
		}
	}
	if fr.Error(nil) != "" {
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
