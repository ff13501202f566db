package chart

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Sample charts shared by the tests and benchmarks, with French labels
// as the app writes them.

var frMonths = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

func frDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + "\u00a0" + frMonths[t.Month()-1]
}

// frNumber writes 12 345 with narrow no-break spaces, as French does.
func frNumber(v float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteString("−") // U+2212, which Noto Sans lacks
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	return b.String()
}

func frPercent(v float64) string {
	return strings.Replace(strconv.FormatFloat(v*100, 'f', 1, 64), ".", ",", 1) + "\u202f%"
}

var accounts = []string{"Instagram", "Mastodon", "Bluesky", "LinkedIn", "Facebook"}

// followersYear is five accounts' followers over a year, each with its
// previous year dashed when previous is true.
func followersYear(previous bool) Lines {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	l := Lines{
		Title:       "Abonnés par compte, année 2025",
		XLabel:      "Jour",
		YLabel:      "Abonnés",
		FormatDate:  frDate,
		FormatValue: frNumber,
		Empty:       "Aucune donnée pour cette période",
	}
	for a, name := range accounts {
		cur := Series{Name: name}
		prev := Series{Name: name + " (année précédente)", Dashed: true}
		v, p := 2000+float64(a)*2500, 1500+float64(a)*2000
		for d := range 365 {
			t := start.AddDate(0, 0, d)
			v += rng.NormFloat64()*20 + 6
			p += rng.NormFloat64()*15 + 4
			cur.Points = append(cur.Points, Point{X: t, Y: v})
			prev.Points = append(prev.Points, Point{X: t, Y: p})
		}
		l.Series = append(l.Series, cur)
		if previous {
			l.Series = append(l.Series, prev)
		}
	}
	return l
}

// inboxYear is a year of daily inbox volume by kind of message.
func inboxYear() Bars {
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	b := Bars{
		Title:       "Volume de la boîte de réception",
		XLabel:      "Jour",
		YLabel:      "Messages reçus",
		FormatValue: frNumber,
		Empty:       "Aucun message reçu",
	}
	kinds := []string{"Mentions", "Réponses", "Messages privés", "Commentaires"}
	for d := range 365 {
		b.Labels = append(b.Labels, frDate(start.AddDate(0, 0, d)))
	}
	for k, name := range kinds {
		s := Stack{Name: name}
		for d := range 365 {
			week := 1.0
			if wd := start.AddDate(0, 0, d).Weekday(); wd == time.Saturday || wd == time.Sunday {
				week = 0.5
			}
			s.Values = append(s.Values, math.Round(week*(float64(4-k)*8+rng.Float64()*12)))
		}
		b.Stacks = append(b.Stacks, s)
	}
	return b
}

// weekBars is a week of replies, one stack.
func weekBars() Bars {
	return Bars{
		Title:  "Réponses envoyées cette semaine",
		XLabel: "Jour de la semaine",
		YLabel: "Réponses",
		Labels: []string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
		Stacks: []Stack{{Name: "Réponses", Values: []float64{42, 57, 61, 48, 73, 12, 8}}},
		Empty:  "Aucune réponse",
	}
}

// engagementWeek is engagement rate by weekday and hour.
func engagementWeek() Heatmap {
	h := Heatmap{
		Title:       "Taux d’engagement par jour et heure",
		Rows:        []string{"lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."},
		Legend:      "Taux d’engagement",
		FormatValue: frPercent,
		Empty:       "Pas assez de publications pour ce graphique",
	}
	for hr := range 24 {
		label := ""
		if hr%3 == 0 {
			label = strconv.Itoa(hr) + "\u00a0h"
		}
		h.Cols = append(h.Cols, label)
	}
	for d := range 7 {
		row := make([]float64, 24)
		for hr := range 24 {
			peak := math.Exp(-math.Pow(float64(hr)-12.5, 2)/18) + 0.6*math.Exp(-math.Pow(float64(hr)-19, 2)/6)
			row[hr] = 0.01 + 0.05*peak*(1-0.1*float64(d%5))
			if hr < 6 && d >= 5 {
				row[hr] = math.NaN()
			}
		}
		h.Values = append(h.Values, row)
	}
	return h
}

// TestWriteSamples writes the sample charts as PNG files to the folder
// named by RELAIS_CHART_DIR, to look at them.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("RELAIS_CHART_DIR")
	if dir == "" {
		t.Skip("set RELAIS_CHART_DIR to write the sample charts")
	}
	r := New()
	sizes := []Size{{Width: 800, Height: 400, Scale: 1}, {Width: 1600, Height: 800, Scale: 2}}
	fewPoints := Lines{
		Title: "Abonnés Mastodon", XLabel: "Jour", YLabel: "Abonnés", FormatDate: frDate, FormatValue: frNumber,
		Series: []Series{{Name: "Mastodon", Points: []Point{
			{time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 1200},
			{time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC), 1260},
			{time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), 1255},
			{time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC), 1302},
		}}},
	}
	empty := Lines{Title: "Abonnés par compte", Empty: "Aucune donnée pour cette période : connectez un compte pour voir l’évolution de vos abonnés."}
	draw := map[string]func(Size) (image.Image, error){
		"lines_year":     func(s Size) (image.Image, error) { return r.Lines(followersYear(true), s) },
		"lines_few":      func(s Size) (image.Image, error) { return r.Lines(fewPoints, s) },
		"lines_empty":    func(s Size) (image.Image, error) { return r.Lines(empty, s) },
		"bars_year":      func(s Size) (image.Image, error) { return r.Bars(inboxYear(), s) },
		"bars_week":      func(s Size) (image.Image, error) { return r.Bars(weekBars(), s) },
		"bars_longlabel": func(s Size) (image.Image, error) { return r.Bars(longLabelBars(), s) },
		"heatmap_week":   func(s Size) (image.Image, error) { return r.Heatmap(engagementWeek(), s) },
		"lines_small": func(Size) (image.Image, error) {
			return r.Lines(followersYear(false), Size{Width: 200, Height: 120, Scale: 1})
		},
		"heatmap_small": func(Size) (image.Image, error) {
			return r.Heatmap(engagementWeek(), Size{Width: 160, Height: 90, Scale: 1})
		},
	}
	for name, f := range draw {
		for _, s := range sizes {
			img, err := f(s)
			if err == nil {
				var data []byte
				data, err = PNG(img)
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s@%gx.png", name, s.Scale)), data, 0o644)
				}
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}

func longLabelBars() Bars {
	return Bars{
		Title:  "Publications par réseau social, du premier janvier au trente et un décembre de l’année dernière, tous comptes confondus",
		YLabel: "Publications",
		Labels: []string{"Instagram professionnel de l’association", "Mastodon", "Bluesky", "Une page Facebook au nom très, très long"},
		Stacks: []Stack{
			{Name: "Publiées à l’heure prévue par le planificateur automatique", Values: []float64{12, 30, 7, 3}},
			{Name: "En retard", Values: []float64{2, 1, 0, 5}},
		},
	}
}

func TestWriteWeird(t *testing.T) {
	dir := os.Getenv("RELAIS_CHART_DIR")
	if dir == "" {
		t.Skip("set RELAIS_CHART_DIR to write the sample charts")
	}
	r := New()
	s := Size{Width: 600, Height: 300, Scale: 1}
	for name, l := range weirdLines {
		img, err := r.Lines(l, s)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := PNG(img)
		os.WriteFile(filepath.Join(dir, "weird_lines_"+strings.ReplaceAll(name, " ", "_")+".png"), data, 0o644)
	}
	for name, b := range weirdBars {
		img, err := r.Bars(b, s)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := PNG(img)
		os.WriteFile(filepath.Join(dir, "weird_bars_"+strings.ReplaceAll(name, " ", "_")+".png"), data, 0o644)
	}
	for name, h := range weirdHeatmaps {
		img, err := r.Heatmap(h, s)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := PNG(img)
		os.WriteFile(filepath.Join(dir, "weird_heat_"+strings.ReplaceAll(name, " ", "_")+".png"), data, 0o644)
	}
}
