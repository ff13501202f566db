package hunspell

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/relais-app/relais/assets/dictionaries"
)

// benchLoad loads a dictionary b.N times and reports the heap it keeps.
func benchLoad(b *testing.B, aff, dic []byte) {
	var d *Dictionary
	var heap float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var err error
		d, err = Load(bytes.NewReader(aff), bytes.NewReader(dic))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	}
	runtime.KeepAlive(d)
	b.ReportMetric(heap, "heapMB")
}

func BenchmarkLoadFrench(b *testing.B) { benchLoad(b, dictionaries.FrAff, dictionaries.FrDic) }

func BenchmarkLoadEnglish(b *testing.B) { benchLoad(b, dictionaries.EnAff, dictionaries.EnDic) }

// BenchmarkSpell checks the correct and misspelt words of the tables.
func BenchmarkSpell(b *testing.B) {
	for _, lang := range []struct {
		name  string
		d     *Dictionary
		words []string
	}{
		{"fr", french(b), append(append([]string{}, frCorrect...), frMisspelt...)},
		{"en", english(b), append(append([]string{}, enCorrect...), enMisspelt...)},
	} {
		b.Run(lang.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, w := range lang.words {
					lang.d.Spell(w)
				}
				n += len(lang.words)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
		})
	}
}

// BenchmarkSuggest suggests corrections for typical misspellings.
func BenchmarkSuggest(b *testing.B) {
	for _, lang := range []struct {
		name  string
		d     *Dictionary
		words []string
	}{
		{"fr", french(b), []string{"deja", "evenement", "boulengerie", "reccomander", "acceuil", "developement"}},
		{"en", english(b), []string{"teh", "recieve", "definately", "accomodate", "occured", "goverment"}},
	} {
		b.Run(lang.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, w := range lang.words {
					lang.d.Suggest(w)
				}
				n += len(lang.words)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(n), "ms/word")
		})
	}
}
