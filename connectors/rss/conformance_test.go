package rss_test

import (
	"testing"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/rss"
	"github.com/relais-app/relais/connectors/rss/rsstest"
)

// The suite, once per format; its publishing parts skip themselves.
func TestConformance(t *testing.T) {
	for _, format := range []rsstest.Format{rsstest.RSS, rsstest.Atom, rsstest.JSON} {
		t.Run(string(format), func(t *testing.T) {
			conformance.Run(t, conformance.Harness{
				Dialer: rss.NewDialer(),
				Start: func(t *testing.T) conformance.Fake {
					s := rsstest.NewServer()
					s.Format = format
					return s.Start(t)
				},
			})
		})
	}
}
