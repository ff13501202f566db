package metaauth

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/relais-app/relais/app"
)

// The Pages a sign-in reaches read, through the connector's wrapping, as
// app's SeveralAccountsError: names and IDs for the window, no token.
func TestSeveralPagesReadAsTheAccountsToChoose(t *testing.T) {
	pages := []Page{{ID: "101", Name: "Boulangerie Martin", Token: Token{Access: "EAApage-one"}}, {ID: "102", Name: "Martin Traiteur", Token: Token{Access: "EAApage-two"}}}
	_, err := ChoosePage(pages, "")
	err = fmt.Errorf("connecting Facebook: %w", &app.NetError{Network: app.Facebook, Kind: app.FailRejected, Err: err})
	var several *app.SeveralAccountsError
	if !errors.As(err, &several) {
		t.Fatalf("%v is no SeveralAccountsError", err)
	}
	want := []app.AccountChoice{{RemoteID: "101", Name: "Boulangerie Martin"}, {RemoteID: "102", Name: "Martin Traiteur"}}
	if several.Network != app.Facebook || fmt.Sprint(several.Choices) != fmt.Sprint(want) {
		t.Errorf("choices %+v, want %+v", several, want)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", err, several, several), "EAApage") {
		t.Error("a Page's token shows")
	}
	var other *app.NetError
	if errors.As(&SeveralPagesError{Pages: pages}, &other) {
		t.Error("read as another error")
	}
}
