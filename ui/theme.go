package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// relaisTheme is Fyne's theme with Relais's teal as the primary colour.
type relaisTheme struct {
	fyne.Theme
}

var _ fyne.Theme = relaisTheme{}

func newTheme() fyne.Theme { return relaisTheme{Theme: theme.DefaultTheme()} }

func (t relaisTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch name {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if variant == theme.VariantDark {
			return color.NRGBA{R: 0x2d, G: 0xd4, B: 0xbf, A: 0xff}
		}
		return color.NRGBA{R: 0x0f, G: 0x76, B: 0x6e, A: 0xff}
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x14, G: 0xb8, B: 0xa6, A: 0x66}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x14, G: 0xb8, B: 0xa6, A: 0x40}
	}
	return t.Theme.Color(name, variant)
}
