// Package hunspell reads Hunspell dictionaries (.aff affix files and .dic
// word lists) and checks the spelling of single words, with ranked
// suggestions for misspelt ones. It is a pure Go reimplementation of the
// part of Hunspell (https://hunspell.github.io, see man 5 hunspell) that the
// French and English dictionaries need, and it uses only the standard
// library.
//
// # Supported
//
// Affix file:
//   - SET: UTF-8, ISO8859-1 and ISO8859-15 (8-bit files are converted to
//     UTF-8 when loaded).
//   - FLAG: default single characters, long (two characters), num (comma
//     separated numbers) and UTF-8; AF flag aliases; AM morphological aliases
//     (parsed, then ignored).
//   - PFX and SFX with cross product, strip, append, continuation classes
//     (two-level suffixes, suffixes that license a prefix and the other way
//     round) and conditions made of characters, ".", "[...]" and "[^...]".
//   - NEEDAFFIX (and its old name PSEUDOROOT), FORBIDDENWORD, KEEPCASE,
//     NOSUGGEST, ONLYINCOMPOUND, CIRCUMFIX, FULLSTRIP, WARN and FORBIDWARN.
//   - ICONV and OCONV conversion tables, IGNORE, WORDCHARS, BREAK (with the
//     ^ and $ anchors; the default is "-", "^-" and "-$" as in Hunspell).
//   - TRY, KEY, REP (with ^ and $ anchors and _ for a space) and MAP (with
//     multi-character groups in parentheses) for suggestions;
//     MAXNGRAMSUGS 0 turns the n-gram suggestions off and NOSPLITSUGS the
//     suggestions of two words.
//   - Basic compounding: COMPOUNDFLAG, COMPOUNDBEGIN, COMPOUNDMIDDLE,
//     COMPOUNDEND, COMPOUNDMIN, COMPOUNDWORDMAX, COMPOUNDPERMITFLAG,
//     COMPOUNDFORBIDFLAG, CHECKCOMPOUNDDUP, CHECKCOMPOUNDTRIPLE and
//     COMPOUNDRULE (English uses it for ordinal numbers such as 21st).
//
// Word list: the word count line, word/flags entries (flags or a numeric AF
// alias), "\/" for a slash inside a word, morphological fields after a tab
// or a space (ignored). Mixed-case words get a hidden capitalised homonym as
// in Hunspell, so that OpenOffice.org is accepted as OPENOFFICE.ORG.
//
// Checking follows Hunspell: exact word, one prefix, one suffix, prefix and
// suffix (cross product), two suffixes through continuation classes, case
// rules (a lowercase word accepts its Capitalised and UPPERCASE forms, a
// proper noun rejects its lowercase form, KEEPCASE words accept only their
// own case), trailing abbreviation dots, numbers such as 1,5 or 2024-01-02,
// and BREAK points (peut-être is correct when peut and être are). On top of
// Hunspell, Spell accepts a word wrapped in apostrophes used as quotes, and
// tries the other apostrophe (' or ’) when the dictionary lacks the one
// typed.
//
// Suggestions are this package's own: candidates come from the REP table
// (applied once or twice), MAP related characters, KEY neighbours, TRY
// driven edits (insert, delete, replace, swap, move a character), a split
// into two words and a case change; when they are not enough, an n-gram
// search over the word list adds farther words. They are ranked by a
// weighted edit distance where accent-only differences, doubled letters,
// adjacent swaps and apostrophes are cheap, then by n-gram similarity. OCONV
// is applied to suggestions, as in Hunspell (French suggestions thus use
// the typographic apostrophe ’).
//
// # Not supported
//
// Morphological analysis and generation (the morphological fields are
// read and dropped), COMPLEXPREFIXES (right-to-left languages), PHONE
// tables, CHECKSHARPS, LANG specific rules (Turkish dotted i, Hungarian
// compounding), and the rarer compound options (CHECKCOMPOUNDCASE,
// CHECKCOMPOUNDREP, CHECKCOMPOUNDPATTERN, COMPOUNDSYLLABLE, SIMPLIFIEDTRIPLE,
// FORCEUCASE, COMPOUNDROOT...), MAXDIFF, ONLYMAXDIFF and MAXCPDSUGS: they
// are accepted in the affix file and ignored. Other encodings than the
// three above make Load fail. A file without SET is read as ISO8859-1, as
// Hunspell does, unless it is valid UTF-8. Characters outside the Basic
// Multilingual Plane are handled as any other character, where Hunspell
// would not.
//
// A Dictionary is safe for concurrent use: Spell, Suggest and Add may be
// called from several goroutines.
package hunspell
