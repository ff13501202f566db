package monitor

import (
	"context"
	"fmt"
	"sort"

	"github.com/relais-app/relais/app"
)

// Share of voice: how much is said of the brand against each competitor.
// The brand's voice is the items of its brand and product watches
// together (a product is the brand's too; an item found by several of
// them counts once); each competitor watch is one competitor's voice.
// Topics are the trade's, nobody's voice, and are left out. An item that
// names the brand and a competitor counts for each. The counts are by the
// items' time (Item.At), so that a period tells what was said then.

// ShareOfVoice implements app.Veille for the watches: the items of the
// brand's and the competitors' watches in p, per step of p (app.StepFor),
// and in prev. Without a brand or competitor watch it is empty.
func (s *Service) ShareOfVoice(ctx context.Context, p, prev app.Period) (app.Voices, error) {
	watches, err := s.store.Watches(ctx)
	if err != nil {
		return app.Voices{}, fmt.Errorf("reading the watches: %w", err)
	}
	c := NewVoiceCounter(watches, p, prev)
	if len(c.voices.Voices) == 0 {
		return app.Voices{}, nil
	}
	from := p.From
	if !prev.From.IsZero() && prev.From.Before(from) {
		from = prev.From
	}
	err = s.store.Items(ctx, Filter{From: from, To: p.To}, func(it Item) bool {
		c.Add(it)
		return true
	})
	if err != nil {
		return app.Voices{}, fmt.Errorf("counting the share of voice: %w", err)
	}
	return c.Voices(), nil
}

// VoiceCounter counts items into a share of voice.
type VoiceCounter struct {
	voices  app.Voices
	p, prev app.Period
	// of is, for each watch counted, the voice it speaks for.
	of map[app.ID]int
}

// NewVoiceCounter prepares the share of voice of watches over p (and
// prev, which may be zero): the brand first when it has a brand or
// product watch, named after its first brand watch (else its first
// product watch), then each competitor watch, in the watches' order.
func NewVoiceCounter(watches []Watch, p, prev app.Period) *VoiceCounter {
	c := &VoiceCounter{p: p, prev: prev, of: map[app.ID]int{}}
	c.voices.Step = app.StepFor(p)
	c.voices.Slices = p.Slices(c.voices.Step)
	brand := app.Voice{Brand: true}
	for _, kind := range []Kind{KindBrand, KindProduct} {
		for _, w := range watches {
			if w.Kind == kind {
				if brand.Name == "" {
					brand.Name = w.Name
				}
				brand.Watches = append(brand.Watches, w.ID)
			}
		}
	}
	if len(brand.Watches) > 0 {
		c.add(brand)
	}
	for _, w := range watches {
		if w.Kind == KindCompetitor {
			c.add(app.Voice{Name: w.Name, Watches: []app.ID{w.ID}})
		}
	}
	return c
}

func (c *VoiceCounter) add(v app.Voice) {
	v.Counts = make([]int, len(c.voices.Slices))
	for _, id := range v.Watches {
		c.of[id] = len(c.voices.Voices)
	}
	c.voices.Voices = append(c.voices.Voices, v)
}

// Add counts an item for each voice one of its watches speaks for, once
// per voice, if it falls in the period or the previous one.
func (c *VoiceCounter) Add(it Item) {
	at := it.At()
	inPeriod, inPrev := c.p.Contains(at), !c.prev.From.IsZero() && c.prev.Contains(at)
	if !inPeriod && !inPrev {
		return
	}
	slice := sort.Search(len(c.voices.Slices), func(i int) bool { return c.voices.Slices[i].After(at) }) - 1
	counted := make([]bool, len(c.voices.Voices))
	for _, w := range it.Watches {
		i, ok := c.of[w]
		if !ok || counted[i] {
			continue
		}
		counted[i] = true
		v := &c.voices.Voices[i]
		if inPeriod {
			v.Total++
			if slice >= 0 {
				v.Counts[slice]++
			}
		} else {
			v.Previous++
		}
	}
}

// Voices is the share of voice counted so far.
func (c *VoiceCounter) Voices() app.Voices { return c.voices }
