// Package embedded builds the proofreader Relais ships: the checks of
// package proofread over the French and English Hunspell dictionaries
// embedded in the binary (assets/dictionaries).
package embedded

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/app/proofread"
	"github.com/relais-app/relais/app/proofread/english"
	"github.com/relais-app/relais/app/proofread/french"
	"github.com/relais-app/relais/app/proofread/hunspell"
	"github.com/relais-app/relais/assets/dictionaries"
)

// Load reads both dictionaries, at once on two goroutines (about 0.2 s
// and 15 MB for French, 0.1 s and 10 MB for English), and the English
// grammar's word list, and returns the checker over them; the British
// dictionary is read only when English (UK) is chosen. client tries links
// online when a check asks for it.
func Load(client *http.Client) (*proofread.Checker, error) { return load(client, nil) }

// load is Load, with tune applied to each dictionary once read.
func load(client *http.Client, tune func(*hunspell.Dictionary)) (*proofread.Checker, error) {
	langs := map[app.Language]string{app.LanguageFrench: "fr", app.LanguageEnglish: "en"}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		dicts = make(map[app.Language]proofread.Speller)
		errs  []error
	)
	for lang, code := range langs {
		wg.Go(func() {
			aff, dic, err := dictionaries.Open(code)
			var d *hunspell.Dictionary
			if err == nil {
				d, err = hunspell.Load(aff, dic)
			}
			if err == nil && tune != nil {
				tune(d)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("the %s dictionary: %w", code, err))
				return
			}
			dicts[lang] = d
		})
	}
	var en *english.Grammar
	wg.Go(func() { en = english.New(dictionaries.EnDic) })
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	opts := []proofread.Option{proofread.WithHTTPClient(client), proofread.WithGrammar(app.LanguageEnglish, en), proofread.WithEnglishUK(loadUK)}
	if fr, ok := dicts[app.LanguageFrench].(*hunspell.Dictionary); ok {
		// French grammar reads the dictionary's morphology.
		opts = append(opts, proofread.WithGrammar(app.LanguageFrench, french.New(fr)))
	}
	return proofread.New(dicts, opts...), nil
}

// loadUK reads the British English dictionary (about 0.3 s and 12 MB),
// when English (UK) is first used.
func loadUK() (proofread.Speller, error) {
	aff, dic, err := dictionaries.Open("en-GB")
	if err != nil {
		return nil, err
	}
	d, err := hunspell.Load(aff, dic)
	if err != nil {
		return nil, fmt.Errorf("the en-GB dictionary: %w", err)
	}
	return d, nil
}

// Lazy is the proofreader loaded the first time a text is checked (or
// when Warm is called), so that the dictionaries never delay the window.
func Lazy(client *http.Client) *app.Lazy {
	return app.LazyProofreader(func() (app.Proofreader, error) { return Load(client) })
}

// LoadUntimed is Load with suggestions that never stop on time (see
// hunspell's SetSuggestTimeout): the same fixes on a loaded machine (the
// race detector, packages tested side by side) as on an idle one. For
// tests; Relais itself keeps the time limit.
func LoadUntimed(client *http.Client) (*proofread.Checker, error) {
	return load(client, func(d *hunspell.Dictionary) { d.SetSuggestTimeout(0) })
}
