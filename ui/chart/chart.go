// Package chart draws Relais's charts as images: lines over time, bars
// and a weekday × hour heat map. The screens and the PDF report know only
// the Renderer interface and the chart descriptions here; the drawing
// library behind it (go-chart, archived upstream, pinned in go.mod) can be
// replaced without touching them.
package chart

import (
	"image"
	"time"
)

// Renderer draws charts. Every method returns an image of exactly the
// size asked; a chart without data draws its Empty message instead. A
// size below MinPixels or above MaxPixels a side, or a negative Scale,
// returns an error wrapping ErrSize. New returns Relais's Renderer.
type Renderer interface {
	Lines(c Lines, size Size) (image.Image, error)
	Bars(c Bars, size Size) (image.Image, error)
	Heatmap(c Heatmap, size Size) (image.Image, error)
}

// Size is the image to draw: Width × Height pixels, at Scale pixels per
// point (2 on a HiDPI screen), so that text and lines keep their size in
// points and stay sharp.
type Size struct {
	Width  int
	Height int
	Scale  float32 // 0 means 1
}

// Lines is a chart of values over time, one line per series.
type Lines struct {
	Title  string
	XLabel string // with its unit: "Jour", "Day"
	YLabel string // with its unit: "Abonnés", "Followers"
	Series []Series
	// FormatDate writes the dates under the X axis, in the user's
	// language; nil writes 2 Jan.
	FormatDate func(time.Time) string
	// FormatValue writes the values on the Y axis; nil writes integers.
	FormatValue func(float64) string
	// Empty is what to say when no series has a point; "" draws "—".
	Empty string
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point
	// Dashed draws the line dashed and lighter: the previous period,
	// shifted onto this one. The k-th dashed series has the colour of
	// the k-th solid one, so that a previous period matches its current
	// one whether they come in pairs (a, a′, b, b′) or in turn (a, b, a′, b′).
	Dashed bool
}

// Point is one value at one time.
type Point struct {
	X time.Time
	Y float64
}

// Bars is a bar chart: one bar per label, or stacked bars when there are
// several stacks.
type Bars struct {
	Title  string
	XLabel string
	YLabel string
	// Labels name the bars, left to right.
	Labels []string
	// Stacks are the bars' values, one stack per part of each bar (by
	// kind of item, say), each with one value per label.
	Stacks []Stack
	// FormatValue writes the values on the Y axis; nil writes integers.
	FormatValue func(float64) string
	Empty       string
}

// Stack is one part of every bar.
type Stack struct {
	Name   string
	Values []float64
}

// Heatmap is a grid of values, darker where higher: weekdays × hours.
type Heatmap struct {
	Title string
	// Rows and Cols name the grid's rows (top to bottom) and columns
	// (left to right); Cols may be sparse ("" for no label).
	Rows []string
	Cols []string
	// Values[row][col]; NaN marks a cell without data, drawn blank.
	Values [][]float64
	// Legend explains the colour: "Taux d'engagement", "Engagement rate".
	Legend string
	// FormatValue writes the legend's values; nil writes two decimals.
	FormatValue func(float64) string
	Empty       string
}
