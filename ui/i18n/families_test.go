package i18n_test

import (
	"strconv"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/appinfo"
	"github.com/relais-app/relais/ui/cli"
	"github.com/relais-app/relais/ui/i18n"
)

// The keys the code builds at run time ("nav." + a screen, "month." + a
// number...), which the scan of literal keys cannot see.
func TestKeysBuiltAtRunTimeExist(t *testing.T) {
	var keys []string
	for _, v := range cli.Views {
		keys = append(keys, "nav."+v)
	}
	for i := 1; i <= 12; i++ {
		keys = append(keys, "month."+strconv.Itoa(i), "month_full."+strconv.Itoa(i))
	}
	for i := 1; i <= 7; i++ {
		keys = append(keys, "weekday."+strconv.Itoa(i))
	}
	for _, l := range app.Languages {
		keys = append(keys, "settings.language."+string(l))
	}
	for _, p := range appinfo.Parts("") {
		keys = append(keys, "about.kind."+p.Kind)
	}
	for _, l := range app.Languages {
		m, err := i18n.Load(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if m[k] == "" {
				t.Errorf("%s.json lacks %q", l, k)
			}
		}
	}
}
