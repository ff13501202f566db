package app

import (
	"context"
	"errors"
	"testing"
	"time"
)

// renewingNet is a network whose tokens renew once a week, as
// Instagram's and Threads' do; fail makes the renewal fail so.
type renewingNet struct {
	fakeNet
	fail    error
	renewed int
}

func (n *renewingNet) SignInDue(s Secret, now time.Time) bool {
	return !s.Expiry.IsZero() && now.Before(s.Expiry) && !now.Before(s.Expiry.Add(-53*24*time.Hour))
}

func (n *renewingNet) RenewSignIn(ctx context.Context, acc Account, s Secret) (Secret, bool, error) {
	if n.fail != nil {
		return s, false, n.fail
	}
	n.renewed++
	s.AccessToken = "good"
	s.Expiry = s.Expiry.Add(7 * 24 * time.Hour)
	return s, true, nil
}

func TestSignInEndingIsToldOnce(t *testing.T) {
	e := newEngine(t)
	r := NewSignInRenewal(e.accounts, e.clock, e.notices)
	// A Facebook-like sign-in that only the user renews: nothing to say
	// two weeks ahead, once within the week, and not again.
	ends := e.clock.peek().Add(14 * 24 * time.Hour)
	if _, err := e.accounts.NoteSignInExpiry(bg, e.mastoAcc.ID, ends); err != nil {
		t.Fatal(err)
	}
	if res, err := r.Pass(bg); err != nil || len(res) != 0 || len(e.notices.kinds()) != 0 {
		t.Fatalf("two weeks ahead: %+v, %v, notices %v", res, err, e.notices.kinds())
	}
	e.clock.advance(8 * 24 * time.Hour)
	res, err := r.Pass(bg)
	if err != nil || len(res) != 1 || !res[0].Warned || res[0].Account.ID != e.mastoAcc.ID {
		t.Fatalf("six days ahead: %+v, %v", res, err)
	}
	if k := e.notices.kinds(); len(k) != 1 || k[0] != NoticeSignInEnds || !e.notices.notices[0].Account.SignInExpiry.Equal(ends) {
		t.Fatalf("notices %v", k)
	}
	e.clock.advance(24 * time.Hour)
	if res, _ := r.Pass(bg); len(res) != 0 || len(e.notices.kinds()) != 1 {
		t.Errorf("told again: %+v, %v", res, e.notices.kinds())
	}
	// Signed in again, with a new end: that one is told in its turn.
	later := ends.Add(60 * 24 * time.Hour)
	e.accounts.NoteSignInExpiry(bg, e.mastoAcc.ID, later)
	e.clock.advance(60 * 24 * time.Hour)
	if res, _ := r.Pass(bg); len(res) != 1 || len(e.notices.kinds()) != 2 {
		t.Errorf("the new end: %+v, %v", res, e.notices.kinds())
	}
}

func TestSignInRenewedWhenDueAndMarkedWhenRefused(t *testing.T) {
	drafts, store, clock := newDrafts()
	_ = drafts
	notices := &noticeLog{}
	secrets := &memSecrets{m: map[ID]Secret{}}
	net := &renewingNet{fakeNet: fakeNet{network: Threads}}
	accounts := NewAccounts(store, secrets, NewRegistry(net), memMedia{}, clock)
	acc, err := accounts.Connect(bg, Account{Network: Threads}, Secret{AccessToken: "good", Expiry: clock.peek().Add(60 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	r := NewSignInRenewal(accounts, clock, notices)
	if res, _ := r.Pass(bg); len(res) != 0 || net.renewed != 0 {
		t.Fatalf("a new token was renewed: %+v", res)
	}
	clock.advance(8 * 24 * time.Hour)
	res, err := r.Pass(bg)
	if err != nil || len(res) != 1 || !res[0].Renewed || net.renewed != 1 {
		t.Fatalf("due: %+v, %v", res, err)
	}
	s, _ := secrets.Secret(bg, acc.ID)
	got, _ := accounts.Get(bg, acc.ID)
	if !got.SignInExpiry.Equal(s.Expiry) || !s.Expiry.Equal(clock.peek().Add(-8*24*time.Hour).Add(67*24*time.Hour)) {
		t.Errorf("expiry: account %v, secret %v", got.SignInExpiry, s.Expiry)
	}

	// Offline: nothing is marked, and the next pass tries again.
	clock.advance(8 * 24 * time.Hour)
	net.fail = &NetError{Network: Threads, Kind: FailOffline, Err: errors.New("no route")}
	res, _ = r.Pass(bg)
	if len(res) != 1 || !errors.Is(res[0].Err, ErrOffline) || res[0].Account.State != AccountConnected || len(notices.kinds()) != 0 {
		t.Fatalf("offline: %+v, notices %v", res, notices.kinds())
	}
	// Refused (Meta's code 190): the account asks to sign in again, said
	// once.
	net.fail = &NetError{Network: Threads, Kind: FailAuth, Status: 400, Message: "Error validating access token (code 190)"}
	res, _ = r.Pass(bg)
	got, _ = accounts.Get(bg, acc.ID)
	if len(res) != 1 || got.State != AccountReauth || got.Problem == "" {
		t.Fatalf("refused: %+v, account %+v", res, got)
	}
	if k := notices.kinds(); len(k) != 1 || k[0] != NoticeReconnect {
		t.Errorf("notices %v", k)
	}
	if res, _ := r.Pass(bg); len(res) != 0 || len(notices.kinds()) != 1 {
		t.Errorf("an account to sign in again is renewed again: %+v", res)
	}
}
