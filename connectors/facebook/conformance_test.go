package facebook_test

import (
	"testing"

	"github.com/relais-app/relais/connectors/conformance"
	"github.com/relais-app/relais/connectors/facebook"
	"github.com/relais-app/relais/connectors/facebook/facebooktest"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Dialer:     facebook.NewDialer(),
		Start:      func(t *testing.T) conformance.Fake { return facebooktest.Start(t) },
		NoLanguage: true,
	})
}
