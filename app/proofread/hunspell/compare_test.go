package hunspell

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// minAgreement is the share of words on which Spell must agree with
// Hunspell.
const minAgreement = 0.98

// agreement compares Spell with reference verdicts and fails below
// minAgreement, logging the rate and the first disagreements.
func agreement(t *testing.T, d *Dictionary, words []string, want map[string]bool, label string) {
	t.Helper()
	agree, total := 0, 0
	var diffs []string
	for _, w := range words {
		ref, ok := want[w]
		if !ok {
			continue
		}
		total++
		if got := d.Spell(w); got == ref {
			agree++
		} else {
			diffs = append(diffs, w+" (hunspell "+verdict(ref)+", ours "+verdict(got)+")")
		}
	}
	if total < 900 {
		t.Fatalf("%s: only %d words compared, the list is too short", label, total)
	}
	rate := float64(agree) / float64(total)
	t.Logf("%s: agreement %.2f%% (%d/%d)", label, 100*rate, agree, total)
	if len(diffs) > 20 {
		diffs = diffs[:20]
	}
	for _, d := range diffs {
		t.Logf("  disagreement: %s", d)
	}
	if rate < minAgreement {
		t.Errorf("%s: agreement %.2f%% is below %.0f%%", label, 100*rate, 100*minAgreement)
	}
}

func verdict(ok bool) string {
	if ok {
		return "correct"
	}
	return "misspelt"
}

var compareLangs = []struct {
	code, system string
	dict         func(testing.TB) *Dictionary
}{
	{"fr", "fr_FR", french},
	{"en", "en_US", english},
}

// TestAgreementRecorded compares Spell with the verdicts of Hunspell 1.7.1
// recorded in testdata/compare_*.txt (see TestGenerateWordlists). It needs
// no system package.
func TestAgreementRecorded(t *testing.T) {
	for _, lang := range compareLangs {
		t.Run(lang.code, func(t *testing.T) {
			words, recorded, err := readWordlist(filepath.Join("testdata", "compare_"+lang.code+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			agreement(t, lang.dict(t), words, recorded, lang.code+" vs recorded hunspell")
		})
	}
}

// TestAgreementHunspell runs the hunspell command of the system on the
// comparison lists and compares its verdicts with Spell. It is skipped
// when hunspell or the Debian dictionaries (packages hunspell,
// hunspell-fr-classical, hunspell-en-us) are not installed.
func TestAgreementHunspell(t *testing.T) {
	for _, lang := range compareLangs {
		t.Run(lang.code, func(t *testing.T) {
			if ok, why := haveHunspell(lang.system); !ok {
				t.Skip(why)
			}
			words, _, err := readWordlist(filepath.Join("testdata", "compare_"+lang.code+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			live, err := listMisspelt(lang.system, words)
			if err != nil {
				t.Fatal(err)
			}
			agreement(t, lang.dict(t), words, live, lang.code+" vs hunspell -l")
		})
	}
}

// listMisspelt runs "hunspell -l" (list the misspelt words) on words, one
// per line, and returns a verdict for each word. The lists hold only words
// that hunspell reads as one token.
func listMisspelt(name string, words []string) (map[string]bool, error) {
	cmd := exec.Command("hunspell", "-d", systemDicts+name, "-l")
	cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
	cmd.Env = append(cmd.Environ(), "LC_ALL=C.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	bad := map[string]bool{}
	for _, w := range strings.Split(string(out), "\n") {
		bad[w] = true
	}
	verdicts := map[string]bool{}
	for _, w := range words {
		verdicts[w] = !bad[w]
	}
	return verdicts, nil
}
