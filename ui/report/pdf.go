package report

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/relais-app/relais/ui/chart"
)

// The page, in millimetres: A4 portrait.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 18.0
	contentW   = pageW - 2*marginX
	contentTop = 24.0       // below the header
	contentEnd = pageH - 20 // above the footer
	family     = "noto"
)

// Charts are drawn at 10 pixels a millimetre (254 dpi), 2.5 pixels a
// chart's point: a chart's point prints 0.7 points large, so that a
// chart's 12-point text matches the tables' 8.5 points, and a chart
// across the page is 700 points wide, room for its labels.
const (
	pixelsPerMM = 10
	chartScale  = 2.5
)

type rgb struct{ r, g, b int }

var (
	ink     = rgb{31, 41, 55}
	muted   = rgb{107, 114, 128}
	accent  = rgb{15, 118, 110} // Relais's teal
	rule    = rgb{209, 213, 219}
	panel   = rgb{243, 246, 246}
	stripe  = rgb{248, 250, 250}
	head    = rgb{230, 240, 239}
	good    = rgb{21, 128, 61}
	bad     = rgb{185, 28, 28}
	neutral = rgb{75, 85, 99}
)

// WritePDF writes f as the client's report: an A4 PDF in f's language,
// its charts drawn by r. Page 1 is the cover (brand, title, period, key
// figures, highlights); then the audience and engagement, the top posts
// with links to them, the best times to post, and the inbox.
func WritePDF(w io.Writer, f Figures, r chart.Renderer) error {
	if r == nil {
		return errors.New("writing the PDF report: no chart renderer")
	}
	if err := loadFonts(); err != nil {
		return fmt.Errorf("writing the PDF report: %w", err)
	}
	d := newDoc(f, r, time.Now().In(f.zone))
	steps := []struct {
		what string
		fn   func() error
	}{
		{"the cover", d.cover},
		{"the audience", d.audience},
		{"the top posts", d.topPosts},
		{"the best times", d.bestTimes},
		{"the inbox", d.inbox},
		{"the share of voice", d.voice},
		{"the competitors", d.competitors},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("writing the PDF report, %s: %w", s.what, err)
		}
		if err := d.pdf.Error(); err != nil {
			return fmt.Errorf("writing the PDF report, %s: %w", s.what, err)
		}
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("writing the PDF report: %w", err)
	}
	return nil
}

// doc is a PDF report being written: the pdf, and where the next block
// goes on the page.
type doc struct {
	pdf    *fpdf.Fpdf
	f      Figures
	r      chart.Renderer
	now    time.Time
	y      float64
	images int
	buf    bytes.Buffer
	png    pngWriter
}

func newDoc(f Figures, r chart.Renderer, now time.Time) *doc {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(marginX, contentTop, marginX)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	pdf.AddUTF8FontFromBytes(family, "", fonts.regular)
	pdf.AddUTF8FontFromBytes(family, "B", fonts.bold)
	pdf.SetTitle(f.Title()+" — "+f.Brand()+" — "+capital(f.PeriodText()), true)
	pdf.SetSubject(capital(f.PeriodText()), true)
	pdf.SetAuthor(f.Brand(), true)
	pdf.SetCreator("Relais", true)
	pdf.SetLang(string(f.tr.Language()))
	pdf.SetCreationDate(now)
	pdf.AliasNbPages("{nb}")
	d := &doc{pdf: pdf, f: f, r: r, now: now}
	pdf.SetHeaderFuncMode(d.header, false)
	pdf.SetFooterFunc(d.footer)
	return d
}

func (d *doc) color(c rgb)                     { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)                      { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) stroke(c rgb)                    { d.pdf.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) font(style string, size float64) { d.pdf.SetFont(family, style, size) }

// lineHeight is the height of a line of text of size points, in mm.
func lineHeight(size float64) float64 { return size * 0.3528 * 1.35 }

// header prints, from the second page, the brand and the title on the
// left, the period on the right.
func (d *doc) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	f := d.f
	// The brand, then the title if there is room: 60 % of the line, the
	// rest for the period.
	room := contentW * 0.6
	d.font("", 8.5)
	title := pdfText(" · " + f.Title())
	titleW := d.pdf.GetStringWidth(title)
	d.font("B", 8.5)
	brand := pdfText(f.Brand())
	if d.pdf.GetStringWidth(brand)+titleW > room {
		title = ""
		brand = d.fit(brand, room)
	}
	d.color(accent)
	d.pdf.SetXY(marginX, 11)
	d.pdf.CellFormat(d.pdf.GetStringWidth(brand), 5, brand, "", 0, "L", false, 0, "")
	if title != "" {
		d.font("", 8.5)
		d.color(muted)
		d.pdf.CellFormat(titleW, 5, title, "", 0, "L", false, 0, "")
	}
	d.font("", 8.5)
	d.color(muted)
	d.pdf.SetXY(marginX+room, 11)
	d.pdf.CellFormat(contentW-room, 5, d.fit(capital(f.PeriodText()), contentW-room-3), "", 0, "R", false, 0, "")
	d.stroke(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginX, 17, pageW-marginX, 17)
}

// footer prints the page number, "Page 2 / 5", and the day the report
// was made.
func (d *doc) footer() {
	f := d.f
	d.font("", 8)
	d.color(muted)
	d.pdf.SetXY(marginX, pageH-13)
	d.pdf.CellFormat(contentW/2, 5, pdfText(f.tr.T("report.generated", "date", f.longDate(d.now))), "", 0, "L", false, 0, "")
	// The total is known only at the end: the alias is replaced then, by
	// as many digits as this page's number has (fewer than ten pages, the
	// same), so the number is placed as if it were there.
	page := strconv.Itoa(d.pdf.PageNo())
	text := pdfText(f.tr.T("report.page", "page", page, "total", "{nb}"))
	shown := strings.ReplaceAll(text, "{nb}", strings.Repeat("0", len(page)))
	x := pageW - marginX - d.pdf.GetStringWidth(shown)
	d.pdf.SetXY(x, pageH-13)
	d.pdf.CellFormat(d.pdf.GetStringWidth(shown)+5, 5, text, "", 0, "L", false, 0, "")
}

// section starts a section: one with a chart on a page of its own, an
// empty one (a heading and a sentence) after what the page has.
func (d *doc) section(empty bool) {
	switch {
	case !empty && d.y > contentTop, d.pdf.PageNo() <= 1:
		d.page()
	case empty && d.y > contentTop:
		d.y += 8
	}
}

// page starts a new page.
func (d *doc) page() {
	d.pdf.AddPage()
	d.y = contentTop
}

// need starts a new page unless h millimetres are left on this one.
func (d *doc) need(h float64) {
	if d.y+h > contentEnd {
		d.page()
	}
}

// fit cuts s, with an ellipsis, to w millimetres in the current font.
func (d *doc) fit(s string, w float64) string {
	s = pdfText(s)
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the most runes that fit with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.pdf.GetStringWidth(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	cut := r[:lo]
	if i := lastSpace(cut); i > 0 && i > lo*2/3 {
		cut = cut[:i]
	}
	return strings.TrimRight(string(cut), " ,;:.-–") + "…"
}

// wrap breaks s into lines of at most w millimetres in the current font,
// at spaces only (never at a no-break space); a word too long for a line
// is cut. With max > 0, the last line kept ends with an ellipsis when
// there is more.
func (d *doc) wrap(s string, w float64, max int) []string {
	s = pdfText(s)
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		if word == "" {
			continue
		}
		try := word
		if line != "" {
			try = line + " " + word
		}
		if d.pdf.GetStringWidth(try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		for d.pdf.GetStringWidth(word) > w { // a long link, say
			r := []rune(word)
			n := len(r) - 1
			for n > 1 && d.pdf.GetStringWidth(string(r[:n])) > w {
				n--
			}
			lines = append(lines, string(r[:n]))
			word = string(r[n:])
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	if max > 0 && len(lines) > max {
		lines[max-1] = d.fit(lines[max-1]+" "+lines[max]+"…", w)
		lines = lines[:max]
	}
	return lines
}

// paragraph prints s wrapped to w at (x, d.y) and moves below it.
func (d *doc) paragraph(x, w float64, style string, size float64, c rgb, s string) {
	d.font(style, size)
	d.color(c)
	h := lineHeight(size)
	for _, l := range d.wrap(s, w, 0) {
		d.need(h)
		d.pdf.SetXY(x, d.y)
		d.pdf.CellFormat(w, h, l, "", 0, "L", false, 0, "")
		d.y += h
	}
}

// heading prints a section's title, on a new page when little is left
// of this one (keep is how much of what follows must come with it).
func (d *doc) heading(title string, keep float64) {
	d.need(12 + keep)
	d.font("B", 15)
	d.color(accent)
	d.pdf.SetXY(marginX, d.y)
	d.pdf.CellFormat(contentW, 8, d.fit(title, contentW), "", 0, "L", false, 0, "")
	d.y += 8
	d.stroke(accent)
	d.pdf.SetLineWidth(0.5)
	d.pdf.Line(marginX, d.y, marginX+14, d.y)
	d.y += 5
}

// subheading prints a chart's or a table's title.
func (d *doc) subheading(title string, keep float64) {
	d.need(8 + keep)
	d.font("B", 11)
	d.color(ink)
	d.pdf.SetXY(marginX, d.y)
	d.pdf.CellFormat(contentW, 6, d.fit(title, contentW), "", 0, "L", false, 0, "")
	d.y += 7
}

// cover is page 1: who, what and when; the key figures; the highlights.
func (d *doc) cover() error {
	f := d.f
	d.page()
	d.fill(accent)
	d.pdf.Rect(0, 0, pageW, 7, "F")

	d.y = 42
	d.brand(f.Brand())
	if strings.TrimSpace(f.rep.Brand) == "" && f.AccountNames() != "" {
		d.font("", 11)
		d.color(muted)
		for _, l := range d.wrap(f.AccountNames(), contentW, 2) {
			d.pdf.SetXY(marginX, d.y)
			d.pdf.CellFormat(contentW, lineHeight(11), l, "", 0, "L", false, 0, "")
			d.y += lineHeight(11)
		}
	}
	d.y += 6
	d.font("B", 18)
	d.color(accent)
	d.pdf.SetXY(marginX, d.y)
	d.pdf.CellFormat(contentW, 9, d.fit(f.Title(), contentW), "", 0, "L", false, 0, "")
	d.y += 10
	d.paragraph(marginX, contentW, "", 14, ink, capital(f.PeriodText()))
	d.y += 1
	d.paragraph(marginX, contentW, "", 9, muted, f.tr.T("report.generated", "date", f.longDate(d.now)))

	d.y += 12
	d.heading(f.tr.T("report.cover.key"), 0)
	d.keyFigures(f.Key())
	if prev := f.PreviousText(); prev != "" {
		d.y += 2
		d.paragraph(marginX, contentW, "", 8, muted, f.tr.T("report.key.caption", "period", prev))
	}

	d.y += 10
	d.heading(f.tr.T("report.cover.highlights"), 10)
	for _, s := range f.Highlights() {
		d.bullet(s)
	}
	return nil
}

// brand prints the cover's name large: on one line, else two, smaller
// as it takes, cut when even that is not enough.
func (d *doc) brand(name string) {
	d.color(ink)
	size := 34.0
	var lines []string
	for ; size >= 22; size -= 2 {
		d.font("B", size)
		if lines = d.wrap(name, contentW, 0); len(lines) == 1 || (len(lines) == 2 && size <= 28) {
			break
		}
	}
	size = max(size, 22)
	d.font("B", size)
	if len(lines) > 2 {
		lines = d.wrap(name, contentW, 2)
	}
	for _, l := range lines {
		d.pdf.SetXY(marginX, d.y)
		d.pdf.CellFormat(contentW, lineHeight(size), d.fit(l, contentW), "", 0, "L", false, 0, "")
		d.y += lineHeight(size)
	}
	d.y++
}

// keyFigures prints the key figures as a grid of boxes, three a row.
func (d *doc) keyFigures(keys []KeyFigure) {
	const cols, gap, boxH = 3, 5.0, 31.0
	boxW := (contentW - gap*(cols-1)) / cols
	for i, k := range keys {
		col := i % cols
		if col == 0 && i > 0 {
			d.y += boxH + gap
		}
		x, y := marginX+float64(col)*(boxW+gap), d.y
		d.fill(panel)
		d.stroke(rule)
		d.pdf.SetLineWidth(0.2)
		d.pdf.RoundedRect(x, y, boxW, boxH, 2, "1234", "FD")
		pad := 4.0
		d.font("", 8.5)
		d.color(muted)
		ly := y + 3.5
		for _, l := range d.wrap(k.Label, boxW-2*pad, 2) {
			d.pdf.SetXY(x+pad, ly)
			d.pdf.CellFormat(boxW-2*pad, 4, l, "", 0, "L", false, 0, "")
			ly += 4
		}
		d.font("B", 20)
		d.color(ink)
		d.pdf.SetXY(x+pad, y+12.5)
		d.pdf.CellFormat(boxW-2*pad, 9, d.fit(k.Value, boxW-2*pad), "", 0, "L", false, 0, "")
		if k.Change != "" {
			d.font("B", 9.5)
			switch k.Trend {
			case 1:
				d.color(good)
			case -1:
				d.color(bad)
			default:
				d.color(neutral)
			}
			d.pdf.SetXY(x+pad, y+23)
			d.pdf.CellFormat(boxW-2*pad, 5, d.fit(k.Change, boxW-2*pad), "", 0, "L", false, 0, "")
		}
	}
	d.y += boxH
}

// bullet prints a sentence after a dot.
func (d *doc) bullet(s string) {
	const indent = 6.0
	size := 10.5
	d.font("", size)
	h := lineHeight(size)
	lines := d.wrap(s, contentW-indent, 0)
	d.need(h * float64(len(lines)))
	d.fill(accent)
	d.pdf.Circle(marginX+1.5, d.y+h/2, 0.9, "F")
	d.color(ink)
	for _, l := range lines {
		d.pdf.SetXY(marginX+indent, d.y)
		d.pdf.CellFormat(contentW-indent, h, l, "", 0, "L", false, 0, "")
		d.y += h
	}
	d.y += 2
}

// audience is the followers, then the engagement by network.
func (d *doc) audience() error {
	f := d.f
	followers, engagement := f.Followers(), f.Engagement()
	d.section(linesEmpty(followers) && barsEmpty(engagement))
	d.heading(f.tr.T("report.section.audience"), 0)
	d.subheading(followers.Title, 0)
	followers.Title = ""
	if err := d.chart(!linesEmpty(followers), followers.Empty, 70, func(s chart.Size) (image.Image, error) {
		return d.r.Lines(followers, s)
	}); err != nil {
		return fmt.Errorf("drawing the followers: %w", err)
	}
	if t := f.FollowersTable(); len(t.Rows) > 0 && !linesEmpty(followers) {
		d.y += 3
		d.table(t, tableStyle{flex: 0, rightFrom: 2})
	}

	d.y += 8
	d.heading(f.tr.T("report.section.engagement"), 60)
	d.subheading(engagement.Title, 0)
	engagement.Title = ""
	if err := d.chart(!barsEmpty(engagement), engagement.Empty, 60, func(s chart.Size) (image.Image, error) {
		return d.r.Bars(engagement, s)
	}); err != nil {
		return fmt.Errorf("drawing the engagement: %w", err)
	}
	if t := f.EngagementTable(); len(t.Rows) > 0 {
		d.y += 3
		d.table(t, tableStyle{flex: -1, rightFrom: 1, boldLast: len(t.Rows) > 1})
	}
	return nil
}

// topPosts is the chart of the best posts and their table, each text a
// link to the post.
func (d *doc) topPosts() error {
	f := d.f
	c := f.TopPosts()
	d.section(barsEmpty(c))
	d.heading(f.tr.T("report.section.top"), 0)
	c.Title = ""
	if err := d.chart(!barsEmpty(c), c.Empty, 72, func(s chart.Size) (image.Image, error) {
		return d.r.Bars(c, s)
	}); err != nil {
		return fmt.Errorf("drawing the top posts: %w", err)
	}
	if barsEmpty(c) {
		return nil
	}
	t := f.TopPostsTable(TopPostsShown)
	var links []string
	for _, s := range f.top(TopPostsShown) {
		links = append(links, s.URL)
	}
	d.y += 4
	d.subheading(t.Title, 20)
	d.table(t, tableStyle{flex: TopPostsText, rightFrom: TopPostsText + 1, links: links, wrap: 2})
	d.y += 1.5
	d.paragraph(marginX, contentW, "", 8, muted, f.tr.T("report.pdf.links"))
	return nil
}

// bestTimes is the weekday × hour map, what it says, and the best hours.
func (d *doc) bestTimes() error {
	f := d.f
	c := f.BestTime()
	d.section(c.Values == nil)
	d.heading(f.tr.T("report.section.best"), 0)
	c.Title = ""
	if c.Values == nil { // one band says it all
		d.emptyBand(c.Empty + " " + f.BestTimeSentence())
		return nil
	}
	if err := d.chart(true, c.Empty, 84, func(s chart.Size) (image.Image, error) {
		return d.r.Heatmap(c, s)
	}); err != nil {
		return fmt.Errorf("drawing the best times: %w", err)
	}
	d.y += 4
	d.callout(f.BestTimeSentence())
	if n := f.rep.BestTime.Posts; n > 0 {
		d.y += 1
		d.paragraph(marginX, contentW, "", 8, muted, f.tr.N("report.pdf.best_note", n))
	}
	if t := f.BestTimeTable(); len(t.Rows) > 0 {
		t.Rows = t.Rows[:min(len(t.Rows), 8)]
		d.y += 5
		d.subheading(t.Title, 20)
		d.table(t, tableStyle{flex: 0, rightFrom: 1})
	}
	return nil
}

// inbox is the volume of the inbox, the response times, the slowest
// answers.
func (d *doc) inbox() error {
	f := d.f
	c := f.InboxVolume()
	d.section(barsEmpty(c))
	d.heading(f.tr.T("report.section.inbox"), 0)
	d.subheading(c.Title, 0)
	c.Title = ""
	if err := d.chart(!barsEmpty(c), c.Empty, 72, func(s chart.Size) (image.Image, error) {
		return d.r.Bars(c, s)
	}); err != nil {
		return fmt.Errorf("drawing the inbox: %w", err)
	}
	if barsEmpty(c) {
		return nil
	}
	d.y += 4
	d.callout(f.InboxSummary())
	if t := f.ResponsesTable(10); len(t.Rows) > 0 {
		d.y += 5
		d.subheading(t.Title, 20)
		d.table(t, tableStyle{flex: 2, rightFrom: 3})
	}
	return nil
}

// voice is the share of voice of the brand against its competitors, on
// a page of its own; none without a brand or competitor watch.
func (d *doc) voice() error {
	f := d.f
	if !f.HasVoices() {
		return nil
	}
	c := f.ShareOfVoice()
	d.section(barsEmpty(c))
	d.heading(f.tr.T("report.section.voice"), 0)
	d.paragraph(marginX, contentW, "", 8.5, muted, f.tr.T("report.voice.how"))
	d.y += 2
	d.subheading(c.Title, 0)
	c.Title = ""
	if err := d.chart(!barsEmpty(c), c.Empty, 72, func(s chart.Size) (image.Image, error) {
		return d.r.Bars(c, s)
	}); err != nil {
		return fmt.Errorf("drawing the share of voice: %w", err)
	}
	if barsEmpty(c) {
		return nil
	}
	d.y += 4
	d.callout(f.VoiceSentence())
	t := f.VoiceTable()
	d.y += 5
	d.subheading(t.Title, 20)
	d.table(t, tableStyle{flex: 0, rightFrom: 1, boldLast: len(t.Rows) > 1})
	return nil
}

// competitors is the benchmark of the brand's accounts beside its
// competitors', and the competitors' best posts, each a link; none
// without competitors followed.
func (d *doc) competitors() error {
	f := d.f
	if !f.HasBenchmark() {
		return nil
	}
	c := f.Benchmark()
	d.section(false)
	d.heading(f.tr.T("report.section.competitors"), 0)
	t := f.BenchmarkTable()
	d.table(t, tableStyle{flex: 0, rightFrom: 2})
	d.y += 6
	d.subheading(c.Title, 0)
	c.Title = ""
	if err := d.chart(!barsEmpty(c), c.Empty, 62, func(s chart.Size) (image.Image, error) {
		return d.r.Bars(c, s)
	}); err != nil {
		return fmt.Errorf("drawing the competitors: %w", err)
	}
	top, links := f.BenchmarkTopTable()
	if len(top.Rows) > 0 {
		d.y += 6
		d.subheading(top.Title, 20)
		d.table(top, tableStyle{flex: BenchmarkTopColumn, rightFrom: BenchmarkTopColumn + 1, links: links, wrap: 2})
	}
	d.y += 1.5
	d.paragraph(marginX, contentW, "", 8, muted, f.tr.T("report.bench.public"))
	return nil
}

// callout prints a sentence that matters, in a band.
func (d *doc) callout(s string) {
	size := 11.0
	d.font("B", size)
	h := lineHeight(size)
	lines := d.wrap(s, contentW-10, 0)
	boxH := h*float64(len(lines)) + 6
	d.need(boxH)
	d.fill(head)
	d.pdf.Rect(marginX, d.y, contentW, boxH, "F")
	d.fill(accent)
	d.pdf.Rect(marginX, d.y, 1.2, boxH, "F")
	d.color(ink)
	y := d.y + 3
	for _, l := range lines {
		d.pdf.SetXY(marginX+6, y)
		d.pdf.CellFormat(contentW-10, h, l, "", 0, "L", false, 0, "")
		y += h
	}
	d.y += boxH
}

// chart draws a chart h millimetres high across the page, or its empty
// message in a band when it has nothing to show.
func (d *doc) chart(has bool, empty string, h float64, draw func(chart.Size) (image.Image, error)) error {
	if !has {
		d.emptyBand(empty)
		return nil
	}
	d.need(h)
	size := chart.Size{Width: int(contentW * pixelsPerMM), Height: int(h * pixelsPerMM), Scale: chartScale}
	img, err := draw(size)
	if err != nil {
		return err
	}
	if err := d.image(img, marginX, d.y, contentW, h); err != nil {
		return err
	}
	d.y += h
	return nil
}

// emptyBand says, in a grey band, why a section has nothing to show.
func (d *doc) emptyBand(s string) {
	size := 10.0
	d.font("", size)
	h := lineHeight(size)
	lines := d.wrap(s, contentW-16, 0)
	boxH := h*float64(len(lines)) + 12
	d.need(boxH)
	d.fill(panel)
	d.stroke(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.RoundedRect(marginX, d.y, contentW, boxH, 2, "1234", "FD")
	d.color(muted)
	y := d.y + 6
	for _, l := range lines {
		d.pdf.SetXY(marginX+8, y)
		d.pdf.CellFormat(contentW-16, h, l, "", 0, "C", false, 0, "")
		y += h
	}
	d.y += boxH
}

// image places img at x, y, w × h millimetres.
func (d *doc) image(img image.Image, x, y, w, h float64) error {
	d.buf.Reset()
	if err := d.png.write(&d.buf, img); err != nil {
		return fmt.Errorf("encoding a chart: %w", err)
	}
	d.images++
	name := "chart" + strconv.Itoa(d.images)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(d.buf.Bytes()))
	d.pdf.ImageOptions(name, x, y, w, h, false, opt, 0, "")
	return d.pdf.Error()
}

func linesEmpty(c chart.Lines) bool {
	for _, s := range c.Series {
		if len(s.Points) > 0 {
			return false
		}
	}
	return true
}

func barsEmpty(c chart.Bars) bool {
	for _, s := range c.Stacks {
		for _, v := range s.Values {
			if v != 0 {
				return false
			}
		}
	}
	return true
}

// tableStyle is how a table prints.
type tableStyle struct {
	// flex is the column that takes the width the others leave (-1 for
	// none: the columns share it).
	flex int
	// rightFrom is the first of the columns aligned right (numbers).
	rightFrom int
	// links are the rows' targets, for the flex column's text.
	links []string
	// wrap is how many lines the flex column may take (1 when 0).
	wrap int
	// boldLast prints the last row (a total) in bold.
	boldLast bool
}

const (
	tableSize  = 8.5
	tableHead  = 8.0
	cellPadX   = 1.5
	cellPadY   = 1.5
	tableLineH = tableSize * 0.3528 * 1.3
)

// table prints t across the page; across pages, the header is printed
// again at the top of each.
func (d *doc) table(t Table, st tableStyle) {
	widths := d.columns(t, st)
	maxLines := max(st.wrap, 1)
	headLines, headH := d.headerLines(t.Header, widths)
	printHead := func() {
		d.fill(head)
		d.pdf.Rect(marginX, d.y, contentW, headH, "F")
		d.font("B", tableHead)
		d.color(ink)
		x := marginX
		for i, lines := range headLines {
			align := "L"
			if i >= st.rightFrom {
				align = "R"
			}
			for j, l := range lines {
				d.pdf.SetXY(x+cellPadX, d.y+cellPadY+float64(j)*tableHead*0.3528*1.3)
				d.pdf.CellFormat(widths[i]-2*cellPadX, tableHead*0.3528*1.3, l, "", 0, align, false, 0, "")
			}
			x += widths[i]
		}
		d.y += headH
	}
	// The header comes with at least two rows.
	d.need(headH + 2*(tableLineH*float64(maxLines)+2*cellPadY))
	printHead()
	for r, row := range t.Rows {
		bold := st.boldLast && r == len(t.Rows)-1
		style := ""
		if bold {
			style = "B"
		}
		d.font(style, tableSize)
		cells := make([][]string, len(row))
		lines := 1
		for i, cell := range row {
			if i == st.flex && maxLines > 1 {
				cells[i] = d.wrap(cell, widths[i]-2*cellPadX, maxLines)
			} else {
				cells[i] = []string{d.fit(cell, widths[i]-2*cellPadX)}
			}
			lines = max(lines, len(cells[i]))
		}
		rowH := tableLineH*float64(lines) + 2*cellPadY
		if d.y+rowH > contentEnd {
			d.page()
			printHead()
			d.font(style, tableSize)
		}
		if r%2 == 1 {
			d.fill(stripe)
			d.pdf.Rect(marginX, d.y, contentW, rowH, "F")
		}
		if bold {
			d.stroke(rule)
			d.pdf.SetLineWidth(0.3)
			d.pdf.Line(marginX, d.y, marginX+contentW, d.y)
		}
		x := marginX
		for i, cl := range cells {
			align := "L"
			if i >= st.rightFrom {
				align = "R"
			}
			link := ""
			if i == st.flex && r < len(st.links) {
				link = st.links[r]
			}
			if link != "" {
				d.color(accent)
			} else {
				d.color(ink)
			}
			for j, l := range cl {
				d.pdf.SetXY(x+cellPadX, d.y+cellPadY+float64(j)*tableLineH)
				d.pdf.CellFormat(widths[i]-2*cellPadX, tableLineH, l, "", 0, align, false, 0, "")
			}
			if link != "" {
				d.pdf.LinkString(x, d.y, widths[i], rowH, link)
			}
			x += widths[i]
		}
		d.y += rowH
	}
	d.stroke(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginX, d.y, marginX+contentW, d.y)
}

// columns shares the page's width between t's columns: each as wide as
// its widest cell and its header, else (too little room) its header's
// longest word; the flex column takes the rest.
func (d *doc) columns(t Table, st tableStyle) []float64 {
	n := len(t.Header)
	cells := make([]float64, n)
	for r, row := range t.Rows {
		style := ""
		if st.boldLast && r == len(t.Rows)-1 {
			style = "B"
		}
		d.font(style, tableSize)
		for i, cell := range row {
			if i < n && i != st.flex {
				cells[i] = max(cells[i], d.pdf.GetStringWidth(pdfText(cell))+0.2) // slack for rounding
			}
		}
	}
	d.font("B", tableHead)
	whole, words := make([]float64, n), make([]float64, n)
	for i, h := range t.Header {
		h = pdfText(h)
		whole[i] = max(cells[i], d.pdf.GetStringWidth(h)) + 2*cellPadX
		for _, word := range strings.Split(h, " ") {
			words[i] = max(words[i], d.pdf.GetStringWidth(word))
		}
		words[i] = max(cells[i], words[i]) + 2*cellPadX
	}
	const flexMin = 45.0
	room := contentW
	if st.flex >= 0 && st.flex < n {
		room -= flexMin
	}
	widths := whole
	if sum(whole, st.flex) > room {
		widths = words
	}
	if st.flex >= 0 && st.flex < n {
		widths[st.flex] = max(contentW-sum(widths, st.flex), 30)
		return widths
	}
	// No flex column: the room left goes to every column alike; too
	// little room shrinks them alike.
	total := sum(widths, -1)
	for i := range widths {
		widths[i] *= contentW / total
	}
	return widths
}

// sum adds the widths but the one at skip.
func sum(widths []float64, skip int) float64 {
	total := 0.0
	for i, w := range widths {
		if i != skip {
			total += w
		}
	}
	return total
}

// headerLines wraps each header to its column, and gives the header
// row's height.
func (d *doc) headerLines(header []string, widths []float64) ([][]string, float64) {
	d.font("B", tableHead)
	out := make([][]string, len(header))
	lines := 1
	for i, h := range header {
		out[i] = d.wrap(h, widths[i]-2*cellPadX+0.01, 3)
		lines = max(lines, len(out[i]))
	}
	return out, float64(lines)*tableHead*0.3528*1.3 + 2*cellPadY
}
