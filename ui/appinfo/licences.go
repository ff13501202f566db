package appinfo

import (
	"bytes"

	"github.com/relais-app/relais/app/monitor/sentiment"
	"github.com/relais-app/relais/assets/dictionaries"
	"github.com/relais-app/relais/assets/licenses"
)

// Licence is Relais's own licence, as an SPDX expression.
const Licence = "GPL-3.0-or-later"

// Part is something Relais ships inside its binary, and its licence.
type Part struct {
	// Kind is what the part is, for the window to name in the user's
	// language: "app", "dictionary", "font", "icon" or "module".
	Kind    string
	Name    string
	Licence string // an SPDX expression, or the licence's name
	URL     string // where it comes from
	Text    []byte // the licence's text, with the copyright notices
}

// Kinds of parts.
const (
	KindApp        = "app"
	KindDictionary = "dictionary"
	KindFont       = "font"
	KindIcon       = "icon"
	KindModule     = "module"
)

// module is a Go module that go.mod requires directly, and its licence.
type module struct{ path, licence string }

// modules are the Go modules go.mod requires directly (a test keeps the
// two lists equal); their licence texts are in assets/licenses/modules.
var modules = []module{
	{"fyne.io/fyne/v2", "BSD-3-Clause"},
	{"go.etcd.io/bbolt", "MIT"},
	{"github.com/BurntSushi/toml", "MIT"},
	{"github.com/Microsoft/go-winio", "MIT"},
	{"github.com/arran4/golang-ical", "Apache-2.0"},
	{"github.com/coder/websocket", "ISC"},
	{"github.com/corona10/goimagehash", "BSD-2-Clause AND ISC"},
	{"github.com/gen2brain/beeep", "BSD-2-Clause"},
	{"github.com/godbus/dbus/v5", "BSD-2-Clause"},
	{"github.com/minio/minio-go/v7", "Apache-2.0"},
	{"github.com/golang/freetype", "FTL OR GPL-2.0-or-later"},
	{"github.com/mmcdole/gofeed", "MIT"},
	{"github.com/mtibben/confusables", "BSD-3-Clause AND Unicode-DFS-2016"},
	{"github.com/rivo/uniseg", "MIT"},
	{"github.com/teambition/rrule-go", "MIT"},
	{"github.com/wcharczuk/go-chart/v2", "MIT"},
	{"github.com/zalando/go-keyring", "MIT"},
	{"codeberg.org/go-pdf/fpdf", "MIT"},
	{"golang.org/x/image", "BSD-3-Clause"},
	{"golang.org/x/net", "BSD-3-Clause"},
	{"golang.org/x/oauth2", "BSD-3-Clause"},
	{"golang.org/x/sys", "BSD-3-Clause"},
	{"golang.org/x/text", "BSD-3-Clause"},
}

// Parts lists what Relais ships and their licences: Relais itself, its
// icon, the dictionaries, the fonts, then the Go modules. website is
// Relais's (Info.Website).
func Parts(website string) []Part {
	gpl := mustRead("GPL-3.0.txt")
	parts := []Part{
		{Kind: KindApp, Name: "Relais", Licence: Licence, URL: website, Text: gpl},
		{Kind: KindIcon, Name: "Relais (assets/icon.svg)", Licence: Licence, URL: website, Text: gpl},
		{
			Kind: KindDictionary, Name: "Français « classique » — Grammalecte 7.0 (hunspell-fr-classical)", Licence: "MPL-2.0",
			URL:  "https://grammalecte.net/home.php?prj=fr",
			Text: bytes.Join([][]byte{dictionaries.FrCopyright, dictionaries.MPL}, []byte("\n\n")),
		},
		{
			Kind: KindDictionary, Name: "English (US) — SCOWL 2020.12.07 (hunspell-en-us)", Licence: "SCOWL (permissive)",
			URL: "http://wordlist.aspell.net/", Text: dictionaries.EnCopyright,
		},
		{
			Kind: KindDictionary, Name: "English (UK) — LibreOffice dictionaries 7.5.0 (hunspell-en-gb)", Licence: "LGPL-2.1-or-later AND SCOWL",
			URL:  "https://github.com/LibreOffice/dictionaries/tree/master/en",
			Text: bytes.Join([][]byte{dictionaries.EnGBCopyright, dictionaries.LGPL}, []byte("\n\n")),
		},
		{
			Kind: KindDictionary, Name: "English sentiment lexicon — VADER (C.J. Hutto), from vader-sentiment 1.1.3", Licence: "MIT",
			URL: "https://github.com/cjhutto/vaderSentiment", Text: sentiment.VADERLicence(),
		},
		{Kind: KindFont, Name: "Noto Sans", Licence: "OFL-1.1", URL: "https://notofonts.github.io/", Text: mustRead("NotoSans-OFL-1.1.txt")},
		{Kind: KindFont, Name: "DejaVu Sans Mono (Powerline)", Licence: "Bitstream-Vera AND Arev", URL: "https://dejavu-fonts.github.io/", Text: mustRead("DejaVuSansMono.txt")},
		{Kind: KindFont, Name: "EmojiOne Color", Licence: "MIT", URL: "https://github.com/adobe-fonts/emojione-color", Text: mustRead("EmojiOneColor.txt")},
	}
	for _, m := range modules {
		text, err := licenses.Module(m.path)
		if err != nil {
			panic("appinfo: no licence for " + m.path) // a test makes sure each one is there
		}
		parts = append(parts, Part{Kind: KindModule, Name: m.path, Licence: m.licence, URL: "https://pkg.go.dev/" + m.path, Text: text})
	}
	return parts
}

// mustRead is an embedded licence text; a test reads each one.
func mustRead(name string) []byte {
	data, err := licenses.Files.ReadFile(name)
	if err != nil {
		panic("appinfo: " + err.Error())
	}
	return data
}
