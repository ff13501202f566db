package plaintext_test

import (
	"fmt"

	"github.com/relais-app/relais/connectors/plaintext"
)

func ExampleFromHTML() {
	content := `<p>Rendez-vous <a href="https://example.org/agenda/2026" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/agenda</span><span class="invisible">/2026</span></a><br />avec <span class="h-card"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span></p><p>Tom &amp; Jerry</p>`
	fmt.Println(plaintext.FromHTML(content))
	// Output:
	// Rendez-vous example.org/agenda…
	// avec @Gargron
	//
	// Tom & Jerry
}
