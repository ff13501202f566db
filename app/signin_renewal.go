package app

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SignInRenewer is a dialer whose accounts' sign-in renews without the
// user: Instagram's and Threads' long-lived tokens (60 days) are traded
// for new ones long before they expire. SignInRenewal asks it.
type SignInRenewer interface {
	// SignInDue reports whether s should be renewed now.
	SignInDue(s Secret, now time.Time) bool
	// RenewSignIn trades s for a new secret, with its new Expiry; false
	// when there was nothing to renew. A refusal of the sign-in itself
	// (Meta's code 190) matches ErrReconnect.
	RenewSignIn(ctx context.Context, acc Account, s Secret) (Secret, bool, error)
}

// RenewEvery is how often SignInRenewal looks at the accounts: a renewal
// that failed for want of the network is tried again then, weeks before
// the token ends.
const RenewEvery = 6 * time.Hour

// SignInRenewal keeps the accounts' sign-ins alive: it renews the tokens
// its dialers can renew (SignInRenewer) when they are due, and tells the
// user once, by a desktop notification, when an account's sign-in ends
// within SignInWarning and only they can renew it (a Facebook user
// token; a token whose renewal kept failing). A renewal the network
// refuses marks the account for a new sign-in, in plain words; one that
// could not reach the network is tried again at the next look.
type SignInRenewal struct {
	accounts *Accounts
	clock    Clock
	notifier Notifier
}

// NewSignInRenewal returns the service; notifier may be nil (the command
// line, which tells nobody).
func NewSignInRenewal(accounts *Accounts, clock Clock, notifier Notifier) *SignInRenewal {
	return &SignInRenewal{accounts: accounts, clock: clock, notifier: notifier}
}

// Renewal is what a pass did for one account.
type Renewal struct {
	Account Account
	// Renewed: the account has a new token, until Account.SignInExpiry.
	Renewed bool
	// Warned: the user was told the sign-in ends soon.
	Warned bool
	// Err is why a due renewal did not happen.
	Err error
}

// NoticeSignInEnds tells that an account's sign-in ends soon (or ended)
// and only the user can renew it: Notice.Account.SignInExpiry says when.
const NoticeSignInEnds NoticeKind = "signin_ends"

// Pass renews what is due and warns of what ends soon, once; it returns
// what it did, account by account (those it left alone are not listed).
func (r *SignInRenewal) Pass(ctx context.Context) ([]Renewal, error) {
	list, err := r.accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []Renewal
	for _, acc := range list {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		res, acted := r.renew(ctx, acc)
		if res.Account.ID.IsZero() {
			res.Account = acc
		}
		if r.warn(ctx, &res) {
			acted = true
		}
		if acted {
			out = append(out, res)
		}
	}
	return out, nil
}

// renew renews acc's token when its dialer can and it is due.
func (r *SignInRenewal) renew(ctx context.Context, acc Account) (Renewal, bool) {
	res := Renewal{Account: acc}
	if acc.State == AccountReauth {
		return res, false // the user signs in again; nothing to renew
	}
	d, err := r.accounts.registry.Dialer(acc.Network)
	if err != nil {
		return res, false
	}
	renewer, ok := d.(SignInRenewer)
	if !ok {
		return res, false
	}
	secret, err := r.accounts.secrets.Secret(ctx, acc.ID)
	if err != nil || !renewer.SignInDue(secret, r.clock.Now()) {
		return res, false
	}
	fresh, renewed, err := renewer.RenewSignIn(ctx, acc, secret)
	if err != nil {
		res.Err = fmt.Errorf("renewing the sign-in: %w", err)
		if errors.Is(err, ErrReconnect) {
			// Meta refused the token itself: only a new sign-in helps.
			now, nerr := r.accounts.NoteProblem(ctx, acc.ID, res.Err)
			if nerr == nil {
				res.Account = now
				if now.State == AccountReauth && r.notifier != nil {
					r.notifier.Notify(Notice{Kind: NoticeReconnect, Account: now, Err: res.Err})
				}
			}
		}
		// Otherwise (offline, Meta in trouble, a refusal that may pass):
		// still due, tried again at the next pass.
		return res, true
	}
	if !renewed {
		return res, false
	}
	if err := r.accounts.secrets.PutSecret(ctx, acc.ID, fresh); err != nil {
		res.Err = fmt.Errorf("keeping the renewed sign-in in the keychain: %w", err)
		return res, true
	}
	now, err := r.accounts.NoteSignInExpiry(ctx, acc.ID, fresh.Expiry)
	if err != nil {
		res.Err = err
		return res, true
	}
	res.Account, res.Renewed = now, true
	return res, true
}

// warn tells the user, once per sign-in, that it ends within
// SignInWarning (or has ended); the account remembers it did.
func (r *SignInRenewal) warn(ctx context.Context, res *Renewal) bool {
	acc := res.Account
	ends, soon := acc.SignInEnds(r.clock.Now())
	if !soon || acc.State == AccountReauth || acc.SignInWarned.Equal(ends) {
		return false
	}
	now, err := r.accounts.update(ctx, acc.ID, func(a *Account) error {
		a.SignInWarned = ends
		return nil
	})
	if err != nil {
		return false
	}
	res.Account, res.Warned = now, true
	if r.notifier != nil {
		r.notifier.Notify(Notice{Kind: NoticeSignInEnds, Account: now})
	}
	return true
}

// Run makes a pass at once, then every RenewEvery, until ctx ends. The
// waits are on the clock when it is a Waiter (a test's).
func (r *SignInRenewal) Run(ctx context.Context) {
	for {
		r.Pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-after(r.clock, RenewEvery):
		}
	}
}
