package report

import (
	"bytes"
	"errors"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/i18n"
)

// writeTestPDF writes f's PDF into the test's directory; with
// RELAIS_REPORT_OUT set, a copy goes there too, to look at.
func writeTestPDF(t *testing.T, name string, f Figures, r chart.Renderer) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, f, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("RELAIS_REPORT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// pdfTools skips the test without poppler's tools, unless
// RELAIS_REQUIRE_PDFTOOLS=1 asks for them (CI).
func pdfTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("RELAIS_REQUIRE_PDFTOOLS") == "1" {
				t.Fatalf("%s is not on PATH (install poppler-utils)", tool)
			}
			t.Skipf("%s is not on PATH (install poppler-utils to check the PDF)", tool)
		}
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// info reads pdfinfo's field.
func info(t *testing.T, out, field string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + field + `:\s*(.*)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gives no %s:\n%s", field, out)
	}
	return strings.TrimSpace(m[1])
}

// flat collapses every kind of space into one, and the ends of lines, so
// that a sentence wrapped across lines is found.
func flat(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\r' || r == '\u00a0' || r == '\u202f'
	}), " ")
}

// pages renders the PDF's pages as PNG at 60 dpi, with
// RELAIS_REPORT_OUT a copy there, and gives their paths.
func pages(t *testing.T, path string) []string {
	t.Helper()
	prefix := strings.TrimSuffix(path, ".pdf")
	run(t, "pdftoppm", "-png", "-r", "60", path, prefix)
	found, err := filepath.Glob(prefix + "-*.png")
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("RELAIS_REPORT_OUT"); dir != "" {
		for _, p := range found {
			b, _ := os.ReadFile(p)
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o644)
		}
	}
	return found
}

func TestPDFMonth(t *testing.T) {
	for _, c := range []struct {
		tr     *i18n.Translator
		period string
		page   string
	}{
		{fr, "du 1er au 30 novembre 2026", "Page 2 / 5"},
		{en, "November 1 – 30, 2026", "Page 2 / 5"},
	} {
		t.Run(string(c.tr.Language()), func(t *testing.T) {
			f := Describe(c.tr, monthReport(3, 60), paris)
			r := &fakeRenderer{}
			path := writeTestPDF(t, "month-"+string(c.tr.Language())+".pdf", f, r)
			// Five charts, at print resolution.
			if strings.Join(r.calls, ",") != "lines,bars,bars,heatmap,bars" {
				t.Errorf("charts drawn: %v", r.calls)
			}
			for _, s := range r.sizes {
				if s.Width != 1740 || s.Height < 600 || s.Scale != chartScale {
					t.Errorf("chart size %+v", s)
				}
			}
			pdfTools(t)
			meta := run(t, "pdfinfo", path)
			if got := info(t, meta, "Pages"); got != "5" {
				t.Errorf("%s pages, want 5", got)
			}
			if got := info(t, meta, "Title"); !strings.Contains(got, f.Title()) || !strings.Contains(got, "Boulangerie Martin") {
				t.Errorf("title %q", got)
			}
			if got := info(t, meta, "Page size"); !strings.Contains(got, "(A4)") {
				t.Errorf("not A4: %q", got)
			}
			text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
			for _, want := range []string{"Boulangerie Martin", f.Title(), capital(c.period), f.BestTimeSentence(), c.page,
				f.InboxSummary(), f.tr.T("report.section.top")} {
				if !strings.Contains(text, flat(want)) {
					t.Errorf("the text lacks %q", flat(want))
				}
			}
			// Every key figure's value, with the minus sign printed as a dash.
			for _, k := range f.Key() {
				if !strings.Contains(text, flat(pdfText(k.Value))) || !strings.Contains(text, flat(pdfText(k.Change))) {
					t.Errorf("the text lacks the key figure %+v", k)
				}
			}
			// The top posts link to them.
			raw, _ := os.ReadFile(path)
			if n := bytes.Count(raw, []byte("/URI (https://piaille.example/@martin/")); n != 10 {
				t.Errorf("%d links to posts, want 10", n)
			}
			if imgs := pages(t, path); len(imgs) != 5 {
				t.Errorf("%d page images", len(imgs))
			}
		})
	}
}

// A report of nothing still prints, each section saying why it is empty,
// on fewer pages.
func TestPDFEmpty(t *testing.T) {
	f := Describe(fr, app.Report{Period: november, Previous: november.Previous()}, paris)
	r := &fakeRenderer{}
	path := writeTestPDF(t, "empty-fr.pdf", f, r)
	if len(r.calls) != 0 {
		t.Errorf("empty charts drawn: %v", r.calls)
	}
	pdfTools(t)
	if got := info(t, run(t, "pdfinfo", path), "Pages"); got != "2" {
		t.Errorf("%s pages, want 2", got)
	}
	text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	for _, want := range []string{"Relais", f.Followers().Empty, f.Engagement().Empty, f.BestTimeSentence(), f.InboxVolume().Empty} {
		if !strings.Contains(text, flat(want)) {
			t.Errorf("the text lacks %q", flat(want))
		}
	}
	pages(t, path)
}

// Hundreds of answers and long texts: the tables break across pages, the
// header again on each.
func TestPDFLongTables(t *testing.T) {
	rep := monthReport(5, 300)
	rep.Brand = ""
	for i := range rep.Posts[:3] {
		rep.Posts[i].Text = strings.Repeat("Un texte très long, avec des mots et des liens https://exemple.example/un/chemin/très/long/qui/ne/tient/pas ", 8)
		rep.Posts[i].Title = ""
	}
	f := Describe(en, rep, paris)
	path := writeTestPDF(t, "long-en.pdf", f, &fakeRenderer{})
	pdfTools(t)
	text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	if !strings.Contains(text, "Relais") || !strings.Contains(text, flat(f.AccountNames())[:30]) {
		t.Errorf("a cover without a brand names Relais and the accounts")
	}
	pages(t, path)
}

// A long brand takes two lines on the cover, whole; the header cuts it.
func TestPDFLongBrand(t *testing.T) {
	rep := monthReport(3, 60)
	rep.Brand = "Maison Martin & Fils — Boulangerie, Pâtisserie, Traiteur depuis 1952"
	path := writeTestPDF(t, "brand-fr.pdf", Describe(fr, rep, paris), &fakeRenderer{})
	pdfTools(t)
	first := flat(run(t, "pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", path, "-"))
	if !strings.Contains(first, rep.Brand) {
		t.Errorf("the cover lacks the whole brand:\n%s", first)
	}
	second := flat(run(t, "pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", path, "-"))
	if !strings.Contains(second, "Maison Martin & Fils") || !strings.Contains(second, "Du 1er au 30 novembre 2026") {
		t.Errorf("the header:\n%s", second)
	}
	pages(t, path)
}

func TestPDFRendererError(t *testing.T) {
	f := Describe(fr, monthReport(3, 60), paris)
	err := WritePDF(&bytes.Buffer{}, f, failing{})
	if !errors.Is(err, errDraw) || !strings.Contains(err.Error(), "followers") {
		t.Errorf("error %v", err)
	}
	if err := WritePDF(&bytes.Buffer{}, f, nil); err == nil {
		t.Error("no renderer, no error")
	}
}

var errDraw = errors.New("cannot draw")

type failing struct{}

func (failing) Lines(chart.Lines, chart.Size) (image.Image, error)     { return nil, errDraw }
func (failing) Bars(chart.Bars, chart.Size) (image.Image, error)       { return nil, errDraw }
func (failing) Heatmap(chart.Heatmap, chart.Size) (image.Image, error) { return nil, errDraw }

func TestPDFText(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"Bonjour" + nnbsp + "!":     "Bonjour" + nnbsp + "!",
		"−3" + nnbsp + "%":          "–3" + nnbsp + "%",
		"Le croissant 🥐 du jour 😊":  "Le croissant du jour",
		"deux\nlignes\tet  espaces": "deux lignes et espaces",
		"« Très bien »":             "« Très bien »",
		"Dites-nous tout ⬇️":        "Dites-nous tout",
	} {
		if got := pdfText(in); got != want {
			t.Errorf("pdfText(%q) = %q, want %q", in, got, want)
		}
	}
	d := newDoc(describe(fr, app.Report{}), &fakeRenderer{}, november.From)
	d.font("", 10)
	// A line never breaks at a no-break space: "18 h" stays whole.
	s := strings.Repeat("Les mardis 18"+nbsp+"h–19"+nbsp+"h obtiennent 2,1× votre moyenne"+nnbsp+"! ", 6)
	for _, l := range d.wrap(s, 60, 0) {
		if strings.HasSuffix(l, "18") || strings.HasPrefix(l, "h") || strings.HasPrefix(l, "!") {
			t.Errorf("broken at a no-break space: %q", l)
		}
		if w := d.pdf.GetStringWidth(l); w > 60 {
			t.Errorf("%q is %.1f mm wide", l, w)
		}
	}
	if lines := d.wrap(s, 60, 2); len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("wrap to 2 lines: %q", lines)
	}
	if got := d.fit("Un titre bien trop long pour sa colonne", 30); !strings.HasSuffix(got, "…") || d.pdf.GetStringWidth(got) > 30 {
		t.Errorf("fit: %q", got)
	}
	if got := strconv.Quote(d.fit("court", 30)); got != `"court"` {
		t.Errorf("fit of a short text: %s", got)
	}
}

// A table longer than a page goes on, its header again on each page, and
// no row goes below the footer's line.
func TestPDFTableAcrossPages(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	d := newDoc(describe(en, app.Report{}), &fakeRenderer{}, november.From)
	d.page()
	tb := Table{Header: []string{"Day", "A rather long header", "Total"}}
	for i := range 120 {
		tb.Rows = append(tb.Rows, []string{"Row " + strconv.Itoa(i+1), strings.Repeat("text ", i%7+1), strconv.Itoa(i)})
	}
	d.table(tb, tableStyle{flex: 1, rightFrom: 2, wrap: 2})
	if d.pdf.PageNo() < 3 {
		t.Fatalf("120 rows on %d pages", d.pdf.PageNo())
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pdfTools(t)
	path := filepath.Join(t.TempDir(), "table.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pagesN, _ := strconv.Atoi(info(t, run(t, "pdfinfo", path), "Pages"))
	for p := 1; p <= pagesN; p++ {
		text := run(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
		if !strings.Contains(text, "A rather long header") {
			t.Errorf("page %d has no header", p)
		}
	}
	if text := flat(run(t, "pdftotext", path, "-")); !strings.Contains(text, "Row 1 ") || !strings.Contains(text, "Row 120 ") {
		t.Error("rows are missing")
	}
	// Where each word is: none of the rows below the content's end.
	words := regexp.MustCompile(`yMax="([0-9.]+)">Row</word>`).FindAllStringSubmatch(run(t, "pdftotext", "-bbox", path, "-"), -1)
	if len(words) != 120 {
		t.Fatalf("%d rows found", len(words))
	}
	for _, w := range words {
		if y, _ := strconv.ParseFloat(w[1], 64); y > contentEnd/25.4*72 {
			t.Errorf("a row at %.0f pt, below the content's end", y)
		}
	}
}
