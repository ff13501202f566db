package ui

import (
	"context"
	"image"
	"image/draw"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relais-app/relais/ui/chart"
	"github.com/relais-app/relais/ui/export"
	"github.com/relais-app/relais/ui/report"
)

// drawFunc draws a chart at a size.
type drawFunc func(r chart.Renderer, size chart.Size) (image.Image, error)

// chartView shows a chart drawn at the pixel size of the screen, so that
// it stays sharp on a HiDPI screen; it is drawn again only when its size
// or its data changes.
type chartView struct {
	widget.BaseWidget
	renderer chart.Renderer
	draw     drawFunc
	height   float32
	raster   *canvas.Raster
	img      image.Image // the last drawn, at imgSize
	imgSize  image.Point
}

func newChartView(r chart.Renderer, height float32) *chartView {
	v := &chartView{renderer: r, height: height}
	v.raster = canvas.NewRaster(v.generate)
	v.ExtendBaseWidget(v)
	return v
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.raster) }

// MinSize is the chart's height over any width.
func (v *chartView) MinSize() fyne.Size { return fyne.NewSize(280, v.height) }

// set shows other data.
func (v *chartView) set(draw drawFunc) {
	v.draw, v.img = draw, nil
	v.raster.Refresh()
}

// generate is the raster's image at w × h pixels.
func (v *chartView) generate(w, h int) image.Image {
	if v.draw == nil || w < 32 || h < 32 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	if v.img != nil && v.imgSize == image.Pt(w, h) {
		return v.img
	}
	scale := float32(1)
	if width := v.Size().Width; width > 0 {
		scale = float32(w) / width
	}
	img, err := v.draw(v.renderer, chart.Size{Width: w, Height: h, Scale: scale})
	if err != nil {
		fyne.LogError("drawing a chart", err)
		blank := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(blank, blank.Bounds(), image.White, image.Point{}, draw.Src)
		return blank
	}
	v.img, v.imgSize = img, image.Pt(w, h)
	return img
}

// chartCard is a chart with its buttons: its exact values, and saving it
// as PNG.
type chartCard struct {
	w       *Window
	name    string
	view    *chartView
	values  func() report.Table
	content fyne.CanvasObject
	png     *widget.Button
	table   *widget.Button
}

func newChartCard(w *Window, r chart.Renderer, name string, height float32) *chartCard {
	tr := w.tr
	c := &chartCard{w: w, name: name, view: newChartView(r, height)}
	c.table = widget.NewButtonWithIcon("", theme.ListIcon(), c.showValues)
	c.table.Importance = widget.LowImportance
	c.png = widget.NewButtonWithIcon("", theme.DownloadIcon(), c.savePNG)
	c.png.Importance = widget.LowImportance
	c.table.SetText(tr.T("analytics.values"))
	c.png.SetText(tr.T("analytics.png"))
	c.table.Disable()
	c.png.Disable()
	c.content = container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), c.table, c.png), nil, nil, c.view)
	return c
}

// set shows a chart and its values.
func (c *chartCard) set(draw drawFunc, values func() report.Table) {
	c.values = values
	c.view.set(draw)
	c.table.Enable()
	c.png.Enable()
}

// showValues shows the chart's exact values as a table.
func (c *chartCard) showValues() {
	if c.values == nil {
		return
	}
	t := c.values()
	dialog.ShowCustom(t.Title, c.w.tr.T("action.close"), valuesTable(t), c.w.win)
}

// valuesTable is a report table as a Fyne table, its header row fixed.
func valuesTable(t report.Table) fyne.CanvasObject {
	if len(t.Rows) == 0 {
		return widget.NewLabel("—")
	}
	cols := len(t.Header)
	tbl := widget.NewTableWithHeaders(
		func() (int, int) { return len(t.Rows), cols },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if id.Col < len(t.Rows[id.Row]) {
				text = t.Rows[id.Row][id.Col]
			}
			o.(*widget.Label).SetText(text)
		})
	tbl.ShowHeaderColumn = false
	tbl.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	tbl.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < cols {
			o.(*widget.Label).SetText(t.Header[id.Col])
		}
	}
	width := float32(0)
	for i, h := range t.Header {
		wd := max(float32(len([]rune(h)))*9+24, 90)
		for _, r := range t.Rows[:min(len(t.Rows), 50)] {
			if i < len(r) {
				wd = max(wd, min(float32(len([]rune(r[i])))*8+24, 320))
			}
		}
		tbl.SetColumnWidth(i, wd)
		width += wd
	}
	return container.NewGridWrap(fyne.NewSize(min(width+16, 860), 380), tbl)
}

// savePNG asks where to save the chart, then draws it there at twice the
// size shown, for slides and documents.
func (c *chartCard) savePNG() {
	tr := c.w.tr
	name := tr.T("analytics.chart_file."+c.name) + "-" + c.w.deps.Clock.Now().Format(time.DateOnly) + ".png"
	c.w.saveFile(tr.T("analytics.png"), name, nil, func(ctx context.Context, path string) func() {
		err := c.writePNG(path)
		return func() {
			if err != nil {
				c.w.showError(err)
			}
		}
	})
}

// writePNG draws the chart at twice the size shown into path.
func (c *chartCard) writePNG(path string) error {
	size := c.view.Size()
	if size.Width < 100 {
		size = fyne.NewSize(800, c.view.height)
	}
	img, err := c.view.draw(c.view.renderer, chart.Size{Width: int(size.Width * 2), Height: int(size.Height * 2), Scale: 2})
	if err != nil {
		return err
	}
	data, err := chart.PNG(img)
	if err != nil {
		return err
	}
	return export.PNG(path, data)
}
