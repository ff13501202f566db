package app

import (
	"context"
	"unicode/utf8"
)

// Limits returns the network's own limits, those a post is held to
// before (or without) an account whose server tells its own.
func (n Network) Limits() Limits {
	return Limits{MaxLength: n.MaxLength(), Media: n.MediaLimits()}
}

// Or returns l with def's figures where l says nothing (0): a server
// that announces only its length keeps the network's image limits.
func (l Limits) Or(def Limits) Limits {
	if l.MaxLength <= 0 {
		l.MaxLength = def.MaxLength
	}
	if l.LinkLength <= 0 {
		l.LinkLength = def.LinkLength
	}
	if l.Media.Count <= 0 {
		l.Media.Count = def.Media.Count
	}
	if l.Media.Size <= 0 {
		l.Media.Size = def.Media.Size
	}
	if l.Media.AltMax <= 0 {
		l.Media.AltMax = def.Media.AltMax
	}
	return l
}

// Length counts text on network n as these limits count it: a Mastodon
// link as LinkLength (see LengthLinks), or every code point on a server
// that counts so (CodePoints).
func (l Limits) Length(n Network, text string) int {
	if l.CodePoints && n == Mastodon {
		return utf8.RuneCountInString(text)
	}
	return LengthLinks(n, text, l.LinkLength)
}

// LimitsFor returns the limits a post to t is held to, among the
// accounts connected: those its account's server announced (for a
// network alone, the only account of that network, as ForTarget
// chooses), over the network's defaults; the network's defaults when no
// account is known.
func LimitsFor(accounts []Account, t Target) Limits {
	def := t.Network.Limits()
	var found []Account
	for _, a := range accounts {
		if a.Network != t.Network {
			continue
		}
		if !t.Account.IsZero() && a.ID == t.Account {
			return a.Limits.Or(def)
		}
		found = append(found, a)
	}
	if t.Account.IsZero() && len(found) == 1 {
		return found[0].Limits.Or(def)
	}
	return def
}

// TargetLimits tells, for each target of a post, the limits it is held
// to (see LimitsFor); *Accounts is one.
type TargetLimits interface {
	LimitsOf(ctx context.Context) (func(Target) Limits, error)
}

// LimitsOf reads the accounts once and returns the limits of any target
// among them (LimitsFor).
func (s *Accounts) LimitsOf(ctx context.Context) (func(Target) Limits, error) {
	list, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	return func(t Target) Limits { return LimitsFor(list, t) }, nil
}
