// Package dictionaries embeds the Hunspell dictionaries that Relais ships:
// French (fr_FR, "classique" variant of the Grammalecte/Dicollecte
// dictionary, MPL-2.0), US English (en_US, from SCOWL) and British
// English (en_GB, from LibreOffice's dictionaries, LGPL). See README.md
// in this folder for their exact origin and licences.
//
// The files are kept byte for byte as Debian ships them; parse them with
// package github.com/relais-app/relais/app/proofread/hunspell.
package dictionaries

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
)

// FrAff is the French affix file (fr_FR.aff, UTF-8).
//
//go:embed fr_FR.aff
var FrAff []byte

// FrDic is the French word list (fr_FR.dic, UTF-8).
//
//go:embed fr_FR.dic
var FrDic []byte

// EnAff is the US English affix file (en_US.aff, UTF-8).
//
//go:embed en_US.aff
var EnAff []byte

// EnDic is the US English word list (en_US.dic, UTF-8).
//
//go:embed en_US.dic
var EnDic []byte

// EnGBAff is the British English affix file (en_GB.aff, UTF-8).
//
//go:embed en_GB.aff
var EnGBAff []byte

// EnGBDic is the British English word list (en_GB.dic, UTF-8).
//
//go:embed en_GB.dic
var EnGBDic []byte

// EnGBCopyright is Debian's copyright notice of the British English
// dictionary and the dictionary's README, which gives its licence (LGPL).
//
//go:embed en_GB.copyright
var EnGBCopyright []byte

// LGPL is the GNU Lesser General Public License 2.1, the British English
// dictionary's licence.
//
//go:embed LICENSE-LGPL-2.1.txt
var LGPL []byte

// FrCopyright is Debian's copyright file of the French dictionary.
//
//go:embed fr_FR.copyright
var FrCopyright []byte

// MPL is the Mozilla Public License 2.0, the French dictionary's licence.
//
//go:embed LICENSE-MPL-2.0.txt
var MPL []byte

// EnCopyright is Debian's copyright file of the English dictionary, with
// its licence, which asks to be kept with every copy.
//
//go:embed en_US.copyright
var EnCopyright []byte

// Languages lists the language codes accepted by Open, in a stable order.
func Languages() []string { return []string{"fr", "en"} }

// Open returns readers over the affix and word list files of a language.
// lang is a language code or locale, case-insensitive: "fr", "fr_FR",
// "fr-CA" and the like give French; "en-GB", "en_GB", "en-UK" give British
// English; "en", "en_US" and the other English locales give US English.
// Each call returns fresh readers.
func Open(lang string) (aff, dic io.Reader, err error) {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "_-."); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "fr":
		return bytes.NewReader(FrAff), bytes.NewReader(FrDic), nil
	case "en":
		if l := strings.ToLower(lang); len(l) >= 5 && (l[3:5] == "gb" || l[3:5] == "uk") {
			return bytes.NewReader(EnGBAff), bytes.NewReader(EnGBDic), nil
		}
		return bytes.NewReader(EnAff), bytes.NewReader(EnDic), nil
	}
	return nil, nil, fmt.Errorf("dictionaries: no dictionary for language %q", lang)
}
