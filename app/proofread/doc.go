// Package proofread checks the text of a post before it leaves: spelling,
// typography, accessibility, each network's norms and links. Its Checker
// is the app.Proofreader.
//
// # What is checked
//
// Errors (they block scheduling):
//   - spelling (app.FindSpelling): word tokens the language's Speller
//     does not know, with up to 5 suggestions in the word's case. Not
//     looked up: hashtags, mentions, links, e-mail addresses, numbers,
//     emoji, words with digits, words of one letter, acronyms in capitals
//     of up to 5 letters, and the personal dictionary's words (in any
//     case, accents kept). A French elided word ("l’école") is looked up
//     whole, then after its apostrophe; a hyphenated word whole, then by
//     parts; an English possessive ("Marie's") whole, then without 's.
//   - malformed links (app.FindMalformedURL): an http(s) or www. link
//     that does not parse, has no host (or a host without a dot), has
//     unbalanced brackets, or a broken scheme ("htps://", "http//",
//     "https:/"), which gets its fix.
//
// Warnings:
//   - French only: a narrow no-break space before ; ! ? and a no-break
//     space before : (app.FindNarrowSpace; either no-break space is
//     accepted before any of them, the fix puts U+202F before ; ! ? and
//     U+00A0 before :; "?!" and "!!!" are one group; times (9:30), links,
//     smileys (:) ;-) :D) and punctuation at the start of a line are left
//     alone); a no-break space inside « » (app.FindGuillemetSpace, fixed
//     with U+202F).
//   - Both languages: straight and curly apostrophes mixed
//     (app.FindApostrophes, each word of the fewer fixed to the other); a
//     space before , or . (app.FindSpaceBefore); "..." or ". . ." for "…"
//     (app.FindEllipsis); a sentence starting in lower case after ". ",
//     "! ", "? " (app.FindCapitalAfterEnd; not after abbreviations such as
//     etc., M., p. ex., e.g., nor for words like iPhone); two spaces or
//     more between words (app.FindDoubleSpace); a word written twice
//     (app.FindRepeatedWord; "nous nous", "vous vous", "had had" pass,
//     "that that" is reported, as a warning).
//   - English only: "a" or "an" before the wrong sound (app.FindArticleAAn:
//     "an hour", "a university", "a European", "a one", "an SEO"; acronyms
//     of four letters or more and "a/an historic", "hotel", "herb" are left
//     alone).
//   - Accessibility: a lowercase hashtag of several words
//     (app.FindHashtagCase: with a dictionary, one that splits into words
//     gets its CamelCase fix, "#BoulangerieMartin"; without, a lowercase
//     hashtag of 12 letters or more, with no fix); 4 words or more in
//     capitals in a row, or a whole text in capitals (app.FindAllCaps;
//     acronyms of up to 4 letters alone are no shouting; no fix); more
//     than 3 emoji in a row (app.FindEmojiRun).
//   - Network norms: more hashtags than the norm (Mastodon and LinkedIn 5,
//     Bluesky 3, X 2) or mentions (X 5, the others 10), as whole-text
//     findings (Start = End = 0) with Args "got" and "max"; a www. link
//     without scheme that Bluesky will not make a link of, its name not
//     ending in a known TLD (app.FindLinks: www.fete-du-pain.fr, read as
//     far as the hyphen; app.FindLinkNotClickable, fixed with https://).
//   - Links, only with ProofOptions.Links: a HEAD request (a one-byte GET
//     when HEAD is refused) through the Checker's http.Client, a few at a
//     time, each within a timeout; 404, 410 or no such host is
//     app.FindDeadLink, a permanent redirect (301, 308) elsewhere is
//     app.FindRedirect with the target as fix.
//
// Findings come sorted by position; a finding that overlaps an earlier one
// of the same kind is dropped. Findings of different kinds may overlap
// (a misspelt word that also starts a sentence in lower case).
//
// # What is not checked
//
// Grammar (agreement, conjugation), style, a word right in one language
// used in a text of the other (only the detected language's dictionary is
// used), the length against the network's limit and the images'
// descriptions (app.Check's), spaces before other French signs (%, €),
// bare domains without www. ("relais.app"), and temporary redirects.
package proofread
