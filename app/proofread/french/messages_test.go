package french

import (
	"encoding/json"
	"os"
	"path/filepath"
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
