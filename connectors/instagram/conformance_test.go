package instagram_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/instagram"
	"github.com/relais-app/relais/connectors/instagram/instagramtest"
	"github.com/relais-app/relais/connectors/meta/metatest"
)

func TestConformance(t *testing.T) {
	d := instagram.NewDialer()
	d.ContainerPoll = 10 * time.Millisecond
	d.Media = metatest.NewMediaHost(t)
	conformance.Run(t, conformance.Harness{
		Dialer:     d,
		Start:      func(t *testing.T) conformance.Fake { return instagramtest.Start(t) },
		NoLanguage: true,
		NeedsImage: true,
	})
}
