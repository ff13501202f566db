package embedded_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/embedded"
)

// The proofbench: the shipped proofreader scored on an external corpus,
// shared/proofbench/corpus_lt.tsv (LanguageTool's rule examples, each
// error marked), as shared/proofbench/README.md says: an incorrect row is
// found when a finding overlaps its marked span; a correct row is a false
// alarm when an error-severity finding is on it. Each row is checked
// alone. The corpus measures; no rule is written for one of its rows.
//
//	go test ./app/proofread/embedded/ -run '^$' -bench Proofbench -benchtime 1x -v
//
// (or RELAIS_PROOFBENCH=1 go test ./app/proofread/embedded/ -run Proofbench -v).
// Both skip when the corpus is absent (../shared/proofbench from the
// repository's root, or $RELAIS_PROOFBENCH_DIR).

type benchRow struct {
	id, lang, kind, category, text string
	start, end                     int // byte offsets
}

// proofbenchPath finds the corpus, or "".
func proofbenchPath() string {
	if dir := os.Getenv("RELAIS_PROOFBENCH_DIR"); dir != "" {
		return filepath.Join(dir, "corpus_lt.tsv")
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "proofbench", "corpus_lt.tsv")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// byteOffset converts a character (code point) offset of s to a byte
// offset.
func byteOffset(s string, chars int) int {
	i := 0
	for n := 0; n < chars && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func readProofbench(tb testing.TB) []benchRow {
	tb.Helper()
	p := proofbenchPath()
	if p == "" {
		tb.Skip("no proofbench corpus (../shared/proofbench/corpus_lt.tsv)")
	}
	f, err := os.Open(p)
	if err != nil {
		tb.Skipf("proofbench corpus: %v", err)
	}
	defer f.Close()
	var rows []benchRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	head := true
	for sc.Scan() {
		if head {
			head = false
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 9 {
			tb.Fatalf("proofbench: bad row %q", sc.Text())
		}
		r := benchRow{id: c[0], lang: c[1], kind: c[3], category: c[4], text: c[6]}
		if r.kind == "incorrect" {
			s, err1 := strconv.Atoi(c[7])
			e, err2 := strconv.Atoi(c[8])
			if err1 != nil || err2 != nil {
				tb.Fatalf("proofbench: bad offsets in %s", r.id)
			}
			r.start, r.end = byteOffset(r.text, s), byteOffset(r.text, e)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

type benchScore struct{ incorrect, hits, correct, alarms int }

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	v := 100 * float64(a) / float64(b)
	if v > 0 && v < 10 {
		return fmt.Sprintf("%.1f %%", v)
	}
	return fmt.Sprintf("%.0f %%", v)
}

// runProofbench checks every row and returns the table and the scores
// per language.
func runProofbench(tb testing.TB) (string, map[string]benchScore) {
	rows := readProofbench(tb)
	plain, _ := checkers(tb)
	ctx := context.Background()
	type key struct{ lang, cat string }
	byCat := map[key]*benchScore{}
	byLang := map[string]benchScore{}
	verbose := os.Getenv("RELAIS_PROOFBENCH_VERBOSE") != ""
	var misses []string
	for _, r := range rows {
		lang := app.LanguageFrench
		if r.lang == "en" {
			lang = app.LanguageEnglish
		}
		got, err := plain.Proofread(ctx, r.text, app.ProofOptions{Language: lang})
		if err != nil {
			tb.Fatal(err)
		}
		k := key{r.lang, r.category}
		if byCat[k] == nil {
			byCat[k] = &benchScore{}
		}
		s, l := byCat[k], byLang[r.lang]
		if r.kind == "incorrect" {
			s.incorrect++
			l.incorrect++
			hit := slices.ContainsFunc(got.Findings, func(f app.Finding) bool {
				return f.Start < r.end && r.start < f.End
			})
			if hit {
				s.hits++
				l.hits++
			} else if verbose {
				misses = append(misses, fmt.Sprintf("miss %s [%s] %s", r.id, r.category, r.text))
			}
		} else {
			s.correct++
			l.correct++
			alarm := slices.ContainsFunc(got.Findings, app.Finding.Blocking)
			if alarm {
				s.alarms++
				l.alarms++
				if verbose {
					misses = append(misses, fmt.Sprintf("alarm %s [%s] %s %v", r.id, r.category, r.text, got.Findings))
				}
			}
		}
		byLang[r.lang] = l
	}
	var b strings.Builder
	for _, lang := range []string{"fr", "en"} {
		l := byLang[lang]
		fmt.Fprintf(&b, "\n| %s | recall | false alarms |\n| --- | --- | --- |\n", lang)
		fmt.Fprintf(&b, "| all | %s (%d/%d) | %s (%d/%d) |\n", pct(l.hits, l.incorrect), l.hits, l.incorrect, pct(l.alarms, l.correct), l.alarms, l.correct)
		var cats []string
		for k := range byCat {
			if k.lang == lang {
				cats = append(cats, k.cat)
			}
		}
		slices.Sort(cats)
		for _, c := range cats {
			s := byCat[key{lang, c}]
			fmt.Fprintf(&b, "| %s | %s (%d/%d) | %s (%d/%d) |\n", c, pct(s.hits, s.incorrect), s.hits, s.incorrect, pct(s.alarms, s.correct), s.alarms, s.correct)
		}
	}
	if verbose {
		b.WriteString("\n" + strings.Join(misses, "\n") + "\n")
	}
	return b.String(), byLang
}

func TestProofbench(t *testing.T) {
	if os.Getenv("RELAIS_PROOFBENCH") == "" {
		t.Skip("set RELAIS_PROOFBENCH=1 to score the proofreader on the proofbench corpus")
	}
	table, _ := runProofbench(t)
	t.Log(table)
}

func BenchmarkProofbench(b *testing.B) {
	var table string
	var scores map[string]benchScore
	for i := 0; i < b.N; i++ {
		table, scores = runProofbench(b)
	}
	for lang, s := range scores {
		if s.incorrect > 0 {
			b.ReportMetric(100*float64(s.hits)/float64(s.incorrect), lang+"-recall-%")
		}
		if s.correct > 0 {
			b.ReportMetric(100*float64(s.alarms)/float64(s.correct), lang+"-false-alarms-%")
		}
	}
	b.Log(table)
}

// BenchmarkCheck500FirstTime is a 500-character post checked by a
// proofreader just loaded: nothing of it remembered (suggestions, the
// grammar's words and sentences). "findings" is the window's first check
// (KnownFixesOnly: the typo marked, its fixes left to the next check);
// "with-fixes" is relais check's, the typo's fixes looked for.
func BenchmarkCheck500FirstTime(b *testing.B) {
	text := benchText(b, 500)
	for _, bc := range []struct {
		name  string
		quick bool
	}{{"findings", true}, {"with-fixes", false}} {
		b.Run(bc.name, func(b *testing.B) {
			opt := app.ProofOptions{Language: app.LanguageFrench, KnownFixesOnly: bc.quick}
			for b.Loop() {
				b.StopTimer()
				c, err := embedded.Load(nil)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := c.Proofread(context.Background(), text, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
