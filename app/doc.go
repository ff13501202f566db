// Package app is the core of Relais: the domain types (posts, and later
// accounts, inbox items, metrics, contacts), the services that apply the
// rules to them, and the small interfaces the core needs from the outside
// world (a store, a clock, and later network connectors, a secret store and a
// notifier).
//
// Nothing here knows about Fyne, bbolt, HTTP clients or the operating system:
// the arrows point inward. storage/ implements Store, ui/ renders what the
// services return, and main.go wires them together.
package app

// Version is the version of Relais, for the network requests'
// User-Agent and the calendar export's PRODID. FyneApp.toml is the source
// (main embeds it; --version and the About box say what it says): a test
// in package main fails when the two differ.
const Version = "0.1.0"

// AppID is the application identifier, equal to FyneApp.toml's Details.ID so
// that Fyne keeps the user's preferences between runs.
const AppID = "app.relais.desktop"
