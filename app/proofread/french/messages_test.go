package french

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every kind has its message in both languages.
func TestEveryKindHasAMessage(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "..", "ui", "i18n", "translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range Kinds {
			if m["proof."+string(k)] == "" {
				t.Errorf("%s.json: no message proof.%s", lang, k)
			}
		}
	}
}

// Relais's own French, 1,100 messages written with care, raises nothing:
// a guard against false alarms on real sentences (the grammar messages,
// which quote wrong words, aside).
func TestRelaisOwnFrenchIsClean(t *testing.T) {
	g := load(t)
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "ui", "i18n", "translations", "fr.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if strings.HasPrefix(k, "proof.fr_") {
			continue
		}
		got, err := g.Check(context.Background(), v, func(string) bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			t.Errorf("%s %q: %s", k, v, describe(got))
		}
	}
}
