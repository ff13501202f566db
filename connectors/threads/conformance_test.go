package threads_test

import (
	"testing"
	"time"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/meta/metatest"
	"github.com/relais-app/relais/connectors/threads"
	"github.com/relais-app/relais/connectors/threads/threadstest"
)

func TestConformance(t *testing.T) {
	d := threads.NewDialer()
	d.ContainerPoll = 10 * time.Millisecond
	d.Media = metatest.NewMediaHost(t)
	conformance.Run(t, conformance.Harness{
		Dialer:     d,
		Start:      func(t *testing.T) conformance.Fake { return threadstest.Start(t) },
		NoLanguage: true,
	})
}
