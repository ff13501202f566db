package embedded

import (
	"net/http"

	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/hunspell"
)

// LoadUntimed is Load with suggestions that never stop on time, so that
// the tables get the same fixes on a loaded machine (the race detector,
// CI's parallel packages) as on an idle one.
func LoadUntimed(client *http.Client) (*proofread.Checker, error) {
	return load(client, func(d *hunspell.Dictionary) { d.SetSuggestTimeout(0) })
}
