package english_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread/embedded"
)

// TestCorpus scores the shipped proofreader on the English rows of the
// proofbench corpus (shared/proofbench/corpus_lt.tsv): recall per
// category on incorrect rows, false alarms (error findings) on correct
// ones. It runs only when RELAIS_PROOFBENCH names the corpus file; set
// RELAIS_PROOFBENCH_V=1 to list the misses and false alarms.
func TestCorpus(t *testing.T) {
	path := os.Getenv("RELAIS_PROOFBENCH")
	if path == "" {
		t.Skip("set RELAIS_PROOFBENCH to the corpus_lt.tsv file to score English")
	}
	verbose := os.Getenv("RELAIS_PROOFBENCH_V") != ""
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pr, err := embedded.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	type score struct{ rows, hits, correct, alarms, warned int }
	cats := map[string]*score{}
	total := &score{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 10 || c[1] != "en" {
			continue
		}
		kind, cat, text := c[3], c[4], c[6]
		if cats[cat] == nil {
			cats[cat] = &score{}
		}
		res, err := pr.Proofread(context.Background(), text, app.ProofOptions{Language: app.LanguageEnglish})
		if err != nil {
			t.Fatal(err)
		}
		if kind == "correct" {
			cats[cat].correct++
			total.correct++
			if len(res.Findings) > 0 {
				cats[cat].warned++
				total.warned++
				if verbose {
					t.Logf("FINDING ON CORRECT %s [%s] %q: %s %q", c[0], cat, text, res.Findings[0].Kind, res.Findings[0].Text)
				}
			}
			for _, fd := range res.Findings {
				if fd.Blocking() {
					cats[cat].alarms++
					total.alarms++
					if verbose {
						t.Logf("FALSE ALARM %s [%s] %q: %s %q", c[0], cat, text, fd.Kind, fd.Text)
					}
					break
				}
			}
			continue
		}
		start, _ := strconv.Atoi(c[7])
		end, _ := strconv.Atoi(c[8])
		bs, be := byteOffset(text, start), byteOffset(text, end)
		cats[cat].rows++
		total.rows++
		hit := false
		for _, fd := range res.Findings {
			if fd.Start < be && fd.End > bs || fd.Start == fd.End && fd.Start >= bs && fd.Start <= be {
				hit = true
				break
			}
		}
		if hit {
			cats[cat].hits++
			total.hits++
		} else if verbose {
			t.Logf("MISS %s [%s] %q: %q → %s", c[0], cat, text, text[bs:be], c[9])
		}
	}
	names := make([]string, 0, len(cats))
	for n := range cats {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\n| category | recall | false alarms | correct rows with a warning |\n| --- | --- | --- | --- |\n")
	for _, n := range names {
		s := cats[n]
		fmt.Fprintf(&b, "| %s | %d/%d (%.0f %%) | %d/%d | %d |\n", n, s.hits, s.rows, pct(s.hits, s.rows), s.alarms, s.correct, s.warned-s.alarms)
	}
	fmt.Fprintf(&b, "| **English** | %d/%d (%.1f %%) | %d/%d (%.1f %%) | %d |\n", total.hits, total.rows,
		pct(total.hits, total.rows), total.alarms, total.correct, pct(total.alarms, total.correct), total.warned-total.alarms)
	t.Log(b.String())
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// byteOffset converts a code-point offset in s to a byte offset.
func byteOffset(s string, runes int) int {
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	return len(s)
}
