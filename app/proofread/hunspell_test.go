package proofread

import "github.com/relais-app/relais/app/proofread/hunspell"

// The dictionaries Relais ships are Spellers.
var _ Speller = (*hunspell.Dictionary)(nil)
