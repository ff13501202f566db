package impostor

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"
)

// The window and the command line word reasons, statuses and levels with
// the keys these types give; both translations must have them, with no
// placeholder the reason does not fill.
func TestEveryKeyIsTranslated(t *testing.T) {
	var reasons []Reason
	for _, k := range []ReasonKind{ReasonLookalike, ReasonSameName, ReasonNearName, ReasonContainsName} {
		for _, f := range []Field{FieldHandle, FieldDisplayName} {
			reasons = append(reasons, Reason{Kind: k, Field: f, Lookalikes: []Lookalike{{"I", "l"}}})
		}
	}
	reasons = append(reasons, Reason{Kind: ReasonAvatar}, Reason{Kind: ReasonBioCopied}, Reason{Kind: ReasonYoung})

	placeholder := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, lang := range []string{"en", "fr"} {
		data, err := os.ReadFile("../../../ui/i18n/translations/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		check := func(key string, vars ...string) {
			msg, ok := m[key]
			if !ok {
				t.Errorf("%s.json lacks %q", lang, key)
				return
			}
			have := map[string]bool{}
			for i := 0; i < len(vars); i += 2 {
				have[vars[i]] = true
			}
			for _, p := range placeholder.FindAllStringSubmatch(msg, -1) {
				if !have[p[1]] {
					t.Errorf("%s.json: %q has {%s}, which the code does not fill", lang, key, p[1])
				}
			}
		}
		for _, r := range reasons {
			if _, plural := r.Count(); plural {
				vars := append([]string{"count", "1"}, r.Vars()...)
				check(r.Key()+".one", vars...)
				check(r.Key()+".other", vars...)
			} else {
				check(r.Key(), r.Vars()...)
			}
		}
		for _, s := range Statuses {
			check(s.Key())
		}
		for _, l := range []Level{LevelNone, LevelPossible, LevelSuspect, LevelStrong} {
			check(l.Key())
		}
	}
}
