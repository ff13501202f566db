package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Accounts is the service behind the Accounts screen and `relais
// account`: it connects, tests, renames and disconnects accounts, keeping
// their secrets in the SecretStore and nowhere else.
type Accounts struct {
	store    AccountStore
	secrets  SecretStore
	registry Registry
	media    MediaStore // for avatars; nil keeps none
	clock    Clock
	meta     *MetaApps // the user's own Meta apps; see MetaApps

	listeners // Subscribe: accounts added, changed or removed
}

// NewAccounts returns the accounts service.
func NewAccounts(store AccountStore, secrets SecretStore, registry Registry, media MediaStore, clock Clock) *Accounts {
	return &Accounts{store: store, secrets: secrets, registry: registry, media: media, clock: clock,
		meta: NewMetaApps(secrets, nil)}
}

// ErrAlreadyConnected is returned when the account connected is one
// Relais has already; its sign-in is renewed instead.
var ErrAlreadyConnected = errors.New("this account is already connected")

// SeveralAccountsError is what Connect returns when the sign-in reaches
// several accounts of the network (a user's Facebook Pages) and the
// draft's RemoteID chose none: the user chooses one, and Connect is
// called again, with the same secret and the choice's RemoteID.
type SeveralAccountsError struct {
	Network Network
	Choices []AccountChoice
}

// AccountChoice is one of the accounts a sign-in reaches.
type AccountChoice struct {
	RemoteID, Name string
}

func (e *SeveralAccountsError) Error() string {
	var names []string
	for _, c := range e.Choices {
		names = append(names, c.Name+" ("+c.RemoteID+")")
	}
	return "this sign-in reaches several accounts: choose one: " + strings.Join(names, ", ")
}

// Connect adds an account. draft names its network and what the user
// typed (Server, Handle); secret is what signs in (a token, an app
// password, nothing for a feed). The account is asked who it is before
// anything is kept: a refused sign-in or an unreachable server adds
// nothing. Connecting an account Relais has already renews its secret and
// returns it with ErrAlreadyConnected.
func (s *Accounts) Connect(ctx context.Context, draft Account, secret Secret) (Account, error) {
	dialer, err := s.registry.Dialer(draft.Network)
	if err != nil {
		return Account{}, err
	}
	now := s.clock.Now().UTC()
	// RemoteID, when given, is the account the user asked for among those
	// the sign-in reaches (a Facebook Page, --page); the profile says the
	// one connected.
	acc := Account{ID: NewID(now), Network: draft.Network, Server: strings.TrimSpace(draft.Server), PLC: strings.TrimSpace(draft.PLC),
		RemoteID: strings.TrimSpace(draft.RemoteID),
		Handle:   strings.TrimPrefix(strings.TrimSpace(draft.Handle), "@"), Label: strings.TrimSpace(draft.Label),
		Zone: draft.Zone, Watch: cleanWords(draft.Watch), CreatedAt: now}
	if err := checkZone(draft.Zone); err != nil {
		return Account{}, err
	}
	creds := CredentialsFor(s.secrets, acc.ID)
	// A feed has no secret: it needs no keychain, and leaves nothing in it.
	forget := func() {}
	if !secret.IsZero() {
		if err := s.secrets.PutSecret(ctx, acc.ID, secret); err != nil {
			return Account{}, fmt.Errorf("keeping the sign-in in the keychain: %w", err)
		}
		forget = func() { s.secrets.DeleteSecret(context.WithoutCancel(ctx), acc.ID) }
	}
	conn, err := dialer.Open(acc, creds)
	if err != nil {
		forget()
		return Account{}, err
	}
	profile, err := conn.Profile(ctx)
	if err != nil {
		forget()
		return Account{}, fmt.Errorf("connecting %s: %w", draft.Network.Name(), err)
	}
	acc = s.withProfile(ctx, acc, profile)

	existing, err := s.byRemoteID(ctx, acc.Network, acc.RemoteID)
	if err != nil {
		forget()
		return Account{}, err
	}
	if existing != nil {
		// The same account again: keep its ID (posts target it), with the
		// new sign-in, as the connector may have renewed it.
		var err error
		if !secret.IsZero() {
			var current Secret
			if current, err = creds.Secret(ctx); err == nil {
				err = s.secrets.PutSecret(ctx, existing.ID, current)
			}
		}
		forget()
		if err != nil {
			return Account{}, fmt.Errorf("keeping the sign-in in the keychain: %w", err)
		}
		acc.ID, acc.CreatedAt, acc.Label, acc.Zone = existing.ID, existing.CreatedAt, existing.Label, existing.Zone
		if len(acc.Watch) == 0 {
			acc.Watch = existing.Watch
		}
		if err := s.store.PutAccount(ctx, acc); err != nil {
			return Account{}, fmt.Errorf("saving the account: %w", err)
		}
		s.changed()
		return acc, ErrAlreadyConnected
	}
	if err := s.store.PutAccount(ctx, acc); err != nil {
		forget()
		return Account{}, fmt.Errorf("saving the account: %w", err)
	}
	s.changed()
	return acc, nil
}

// ErrUnknownZone is returned for a time zone name the system does not know.
var ErrUnknownZone = errors.New("unknown time zone (use a name such as Europe/Paris)")

// checkZone refuses a time zone name the system does not know; "" (the
// user's own) is fine.
func checkZone(zone string) error {
	if zone == "" {
		return nil
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return fmt.Errorf("%q: %w", zone, ErrUnknownZone)
	}
	return nil
}

func (s *Accounts) byRemoteID(ctx context.Context, n Network, remoteID string) (*Account, error) {
	if remoteID == "" {
		return nil, nil
	}
	all, err := s.store.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the accounts: %w", err)
	}
	for _, a := range all {
		if a.Network == n && a.RemoteID == remoteID {
			return &a, nil
		}
	}
	return nil, nil
}

// withProfile fills acc with what the network says of it. A partial
// profile (the identity only) keeps the display name and avatar known,
// and leaves the profile pending.
func (s *Accounts) withProfile(ctx context.Context, acc Account, p Profile) Account {
	acc.RemoteID, acc.URL = p.RemoteID, StripBidi(p.URL)
	if !p.Partial {
		acc.DisplayName = remoteName(p.DisplayName)
	}
	acc.ProfilePending = p.Partial
	if p.Handle != "" {
		acc.Handle = remoteName(p.Handle)
	}
	if p.Server != "" {
		acc.Server = p.Server
	}
	acc.Limits = p.Limits
	acc.SignInExpiry = p.SignInExpiry.UTC()
	if p.SignInExpiry.IsZero() {
		acc.SignInExpiry = time.Time{}
	}
	acc.State, acc.Problem, acc.CheckedAt = AccountConnected, "", s.clock.Now().UTC()
	if len(p.Avatar) > 0 && s.media != nil {
		if m, err := s.media.AddMedia(ctx, bytes.NewReader(p.Avatar), "avatar"); err == nil {
			acc.Avatar = m.Hash
		}
	}
	return acc
}

// Reconnect gives an account a new sign-in (after the network refused
// the old one) and tests it.
func (s *Accounts) Reconnect(ctx context.Context, id ID, secret Secret) (Account, error) {
	acc, err := s.Get(ctx, id)
	if err != nil {
		return Account{}, err
	}
	old, oldErr := s.secrets.Secret(ctx, id)
	if err := s.secrets.PutSecret(ctx, id, secret); err != nil {
		return Account{}, fmt.Errorf("keeping the sign-in in the keychain: %w", err)
	}
	tested, err := s.Test(ctx, id)
	if errors.Is(err, ErrReconnect) && oldErr == nil {
		s.secrets.PutSecret(context.WithoutCancel(ctx), id, old)
		return acc, err
	}
	return tested, err
}

// Test asks the network who the account is, and records how that went:
// connected, needs re-authentication, or offline. The error is the test's.
func (s *Accounts) Test(ctx context.Context, id ID) (Account, error) {
	acc, conn, err := s.Connector(ctx, id)
	if err != nil {
		return acc, err
	}
	profile, err := conn.Profile(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return acc, err
		}
		acc, _ = s.NoteProblem(ctx, id, err)
		return acc, err
	}
	acc = s.withProfile(ctx, acc, profile)
	if err := s.store.PutAccount(ctx, acc); err != nil {
		return acc, fmt.Errorf("saving the account: %w", err)
	}
	s.changed()
	return acc, nil
}

// NoteProblem records what a failed request says of the account: a
// refused sign-in needs re-authentication, an unreachable server is
// offline. Other failures (a refused post) say nothing of the account.
func (s *Accounts) NoteProblem(ctx context.Context, id ID, failure error) (Account, error) {
	state := AccountState("")
	switch {
	case errors.Is(failure, ErrReconnect), errors.Is(failure, ErrNoSecret):
		state = AccountReauth
	case errors.Is(failure, ErrOffline):
		state = AccountOffline
	default:
		return s.Get(ctx, id)
	}
	return s.update(ctx, id, func(a *Account) error {
		a.State, a.Problem, a.CheckedAt = state, failure.Error(), s.clock.Now().UTC()
		return nil
	})
}

// NoteWorking records that a request for acc, as read before the
// request, succeeded: an account seen offline or refused is connected
// again. A connected one is left as it is, without a write, unless its
// profile is pending (connected while Bluesky's AppView was down): the
// network works again, so the profile is read (Test).
func (s *Accounts) NoteWorking(ctx context.Context, acc Account) {
	if acc.ProfilePending {
		s.Test(ctx, acc.ID)
		return
	}
	if acc.State == AccountConnected {
		return
	}
	s.update(ctx, acc.ID, func(a *Account) error {
		a.State, a.Problem, a.CheckedAt = AccountConnected, "", s.clock.Now().UTC()
		return nil
	})
}

// UseSignInPort gives the workspace's sign-in port (chosen once, see
// connectors/loopback), for the redirect URIs of the user's Meta apps.
func (s *Accounts) UseSignInPort(port func(ctx context.Context) (int, error)) {
	s.meta = NewMetaApps(s.secrets, port)
}

// MetaApps are the user's own Meta apps, kept in this workspace's
// keychain.
func (s *Accounts) MetaApps() *MetaApps { return s.meta }

// NoteSignInExpiry records when the account's sign-in stops working
// (a connector that renewed its token, or could not): the Accounts screen
// asks to sign in again from SignInWarning before. The zero time says it
// no longer expires.
func (s *Accounts) NoteSignInExpiry(ctx context.Context, id ID, expiry time.Time) (Account, error) {
	return s.update(ctx, id, func(a *Account) error {
		a.SignInExpiry = expiry.UTC()
		if expiry.IsZero() {
			a.SignInExpiry = time.Time{}
		}
		return nil
	})
}

// Rename sets the user's own name for an account; "" shows the handle.
func (s *Accounts) Rename(ctx context.Context, id ID, label string) (Account, error) {
	return s.update(ctx, id, func(a *Account) error {
		a.Label = strings.TrimSpace(label)
		return nil
	})
}

// SetZone sets the time zone an account posts for; "" follows the user's.
func (s *Accounts) SetZone(ctx context.Context, id ID, zone string) (Account, error) {
	return s.update(ctx, id, func(a *Account) error {
		if err := checkZone(zone); err != nil {
			return err
		}
		a.Zone = zone
		return nil
	})
}

// SetWatch sets the words a feed's articles must hold to reach the
// inbox: any of them, as whole words or phrases, ignoring case and
// accents. Blank words are dropped, and a word given twice is kept once;
// no words keep every article.
func (s *Accounts) SetWatch(ctx context.Context, id ID, words []string) (Account, error) {
	return s.update(ctx, id, func(a *Account) error {
		a.Watch = cleanWords(words)
		return nil
	})
}

// cleanWords trims words and drops the blank ones and the repeated ones
// (ignoring case and accents), in the order given.
func cleanWords(words []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, w := range words {
		w = strings.Join(strings.Fields(w), " ")
		if w == "" || seen[Fold(w)] {
			continue
		}
		seen[Fold(w)] = true
		out = append(out, w)
	}
	return out
}

func (s *Accounts) update(ctx context.Context, id ID, change func(*Account) error) (Account, error) {
	acc, err := s.Get(ctx, id)
	if err != nil {
		return Account{}, err
	}
	if err := change(&acc); err != nil {
		return Account{}, err
	}
	if err := s.store.PutAccount(ctx, acc); err != nil {
		return Account{}, fmt.Errorf("saving the account: %w", err)
	}
	s.changed()
	return acc, nil
}

// Disconnect removes an account and deletes its secret from the
// keychain. If the keychain cannot delete it, the account stays, so that
// no secret is left behind without a trace.
func (s *Accounts) Disconnect(ctx context.Context, id ID) error {
	acc, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if acc.Network == RSS {
		// A feed never had a secret.
	} else if err := s.secrets.DeleteSecret(ctx, id); err != nil && !errors.Is(err, ErrNoSecret) {
		return fmt.Errorf("deleting the sign-in from the keychain: %w", err)
	}
	if err := s.store.DeleteAccount(ctx, id); err != nil {
		return fmt.Errorf("removing the account: %w", err)
	}
	s.changed()
	return nil
}

// List returns every account, oldest first.
func (s *Accounts) List(ctx context.Context) ([]Account, error) {
	list, err := s.store.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the accounts: %w", err)
	}
	return list, nil
}

// Get returns one account.
func (s *Accounts) Get(ctx context.Context, id ID) (Account, error) {
	acc, err := s.store.Account(ctx, id)
	if err != nil {
		return Account{}, fmt.Errorf("account %s: %w", id, err)
	}
	return acc, nil
}

// Connector opens the connector acting for an account.
func (s *Accounts) Connector(ctx context.Context, id ID) (Account, Connector, error) {
	acc, err := s.Get(ctx, id)
	if err != nil {
		return Account{}, nil, err
	}
	conn, err := s.Open(acc)
	return acc, conn, err
}

// Open opens the connector acting for an account already read.
func (s *Accounts) Open(acc Account) (Connector, error) {
	dialer, err := s.registry.Dialer(acc.Network)
	if err != nil {
		return nil, err
	}
	conn, err := dialer.Open(acc, CredentialsFor(s.secrets, acc.ID))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", acc.Name(), err)
	}
	return conn, nil
}

// ForTarget returns the account a post's target goes out through: the
// target's own account, or the only account of its network.
func (s *Accounts) ForTarget(ctx context.Context, t Target) (Account, error) {
	if !t.Account.IsZero() {
		acc, err := s.Get(ctx, t.Account)
		if errors.Is(err, ErrNotFound) {
			return Account{}, &TargetError{Network: t.Network, Err: ErrAccountGone}
		}
		return acc, err
	}
	list, err := s.List(ctx)
	if err != nil {
		return Account{}, err
	}
	var found []Account
	for _, a := range list {
		if a.Network == t.Network {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return Account{}, &TargetError{Network: t.Network, Err: ErrNoAccount}
	case 1:
		return found[0], nil
	}
	return Account{}, &TargetError{Network: t.Network, Err: ErrWhichAccount}
}

// TargetError is a reason a post cannot go to a network, with the
// network, so that screens can name it without reading the text.
type TargetError struct {
	Network Network
	Err     error
}

func (e *TargetError) Error() string { return e.Network.Name() + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *TargetError) Unwrap() error { return e.Err }

// Errors of a target with no account to go out through.
var (
	ErrNoAccount    = errors.New("no account of this network is connected")
	ErrWhichAccount = errors.New("several accounts of this network are connected: choose one in the post")
	ErrAccountGone  = errors.New("the account this post goes to was disconnected")
)

// SignIn signs in through the browser on a network that does so
// (Mastodon): see BrowserSignIn. The secret it returns is then given to
// Connect.
func (s *Accounts) SignIn(ctx context.Context, n Network, server string, open func(page string) error) (Secret, error) {
	b, err := s.browserSignIn(n)
	if err != nil {
		return Secret{}, err
	}
	return b.SignIn(ctx, server, open)
}

// BeginCodeSignIn is SignIn's fallback, where the user pastes a code.
func (s *Accounts) BeginCodeSignIn(ctx context.Context, n Network, server string) (string, func(context.Context, string) (Secret, error), error) {
	b, err := s.browserSignIn(n)
	if err != nil {
		return "", nil, err
	}
	return b.BeginCodeSignIn(ctx, server)
}

// Connects reports whether Relais has a connector for n: a token made
// in the network's own tools can connect an account of it.
func (s *Accounts) Connects(n Network) bool {
	_, err := s.registry.Dialer(n)
	return err == nil
}

// SignsInWithBrowser reports whether accounts of n can be signed in
// through the browser here: its connector is registered and signs in that
// way.
func (s *Accounts) SignsInWithBrowser(n Network) bool {
	_, err := s.browserSignIn(n)
	return err == nil
}

// ErrNoBrowserSignIn is returned for a network that does not sign in
// through the browser.
var ErrNoBrowserSignIn = errors.New("this network does not sign in through the browser")

func (s *Accounts) browserSignIn(n Network) (BrowserSignIn, error) {
	d, err := s.registry.Dialer(n)
	if err != nil {
		return nil, err
	}
	b, ok := d.(BrowserSignIn)
	if !ok {
		return nil, fmt.Errorf("%s: %w", n.Name(), ErrNoBrowserSignIn)
	}
	return b, nil
}
