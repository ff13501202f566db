package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RSS is a read-only source: a feed the inbox and monitoring read. It is
// never a target of a post, so it is not in Networks.
const RSS Network = "rss"

// AccountNetworks lists the kinds of account Relais connects, in the order
// the Accounts screen offers them.
var AccountNetworks = []Network{Mastodon, Bluesky, Threads, Facebook, Instagram, RSS}

// ParseAccountNetwork reads the kind of an account: mastodon, bluesky,
// threads, facebook, instagram or rss.
func ParseAccountNetwork(s string) (Network, error) {
	n := Network(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(AccountNetworks, n) {
		return "", fmt.Errorf("%q: %w", s, ErrUnknownAccountNetwork)
	}
	return n, nil
}

// ErrUnknownAccountNetwork is returned for an account kind Relais cannot
// connect.
var ErrUnknownAccountNetwork = errors.New("Relais connects mastodon, bluesky, threads, facebook, instagram and rss accounts")

// AccountState is whether an account works, as last seen.
type AccountState string

// The states of an account.
const (
	// AccountConnected: the last request succeeded.
	AccountConnected AccountState = "connected"
	// AccountReauth: the network no longer accepts the sign-in; the user
	// must connect the account again.
	AccountReauth AccountState = "reauth"
	// AccountOffline: the server could not be reached the last time.
	AccountOffline AccountState = "offline"
)

// Account is one connected account or feed. What lets Relais act for it
// (tokens, passwords) is never here: it is a Secret, in the SecretStore,
// under the account's ID.
type Account struct {
	ID      ID
	Network Network
	// Server is where the account lives: the Mastodon server's or the
	// Bluesky PDS's base URL, or the feed's URL for RSS.
	Server string
	// PLC is the Bluesky PLC directory's base URL the account's did:plc is
	// read from, for a network of one's own (a self-hosted PDS beside
	// its own directory); "" for the public one, plc.directory.
	PLC string
	// Handle is how the network names the account: user@server.example on
	// Mastodon, user.bsky.social on Bluesky, the feed's title for RSS.
	Handle string
	// RemoteID is the network's own ID: the Mastodon account ID, the
	// Bluesky DID, the feed's URL.
	RemoteID    string
	DisplayName string
	// Label is the user's own name for the account; "" shows the handle.
	Label string
	// Avatar is the hash of the avatar image in the media store; "" for
	// none.
	Avatar string
	// URL is the account's public page.
	URL   string
	State AccountState
	// Problem says, for an account not connected, what went wrong last,
	// in the connector's words (screens translate by State).
	Problem string
	// Zone is the IANA time zone the account posts for ("" for the
	// user's own); queues of this account follow it.
	Zone string
	// Limits are the network's limits as the server announced them.
	Limits Limits
	// ProfilePending is an account connected while its network could not
	// tell its profile (Bluesky's AppView down): its display name and
	// avatar are read at the next successful request (NoteWorking) or
	// test.
	ProfilePending bool
	// Watch are the words a feed's articles must hold to reach the inbox
	// (any of them); none keeps every article.
	Watch []string
	// SignInExpiry is when the account's sign-in stops working unless the
	// user signs in again (a Facebook user token, an Instagram or Threads
	// token its connector could not refresh in time); zero when it does
	// not expire or renews itself. Only the date is here: the token is in
	// the keychain. See SignInEnds.
	SignInExpiry time.Time
	// SignInWarned is the SignInExpiry a desktop notification already
	// said was near (SignInRenewal), so that it is said once.
	SignInWarned time.Time
	CreatedAt    time.Time
	CheckedAt    time.Time
}

// Name is what screens call the account: the user's label, else the handle.
func (a Account) Name() string {
	if strings.TrimSpace(a.Label) != "" {
		return a.Label
	}
	if a.Handle != "" {
		return a.Handle
	}
	return a.Server
}

// Target is the account as a target of posts.
func (a Account) Target() Target { return Target{Network: a.Network, Account: a.ID} }

// AccountStore keeps the accounts (never their secrets).
type AccountStore interface {
	// PutAccount stores a, replacing the account with the same ID.
	PutAccount(ctx context.Context, a Account) error
	// Account returns the account with this ID, or ErrNotFound.
	Account(ctx context.Context, id ID) (Account, error)
	// Accounts returns every account, oldest first.
	Accounts(ctx context.Context) ([]Account, error)
	// DeleteAccount removes an account for good.
	DeleteAccount(ctx context.Context, id ID) error
}

// Secret is what lets Relais act for an account. It lives only in the
// SecretStore (the OS keychain). It prints and encodes as "[secret]" so
// that it cannot end up in a log or in the database by mistake; the
// keychain encodes its fields itself.
type Secret struct {
	AccessToken  string
	RefreshToken string
	// Password is a Bluesky app password, kept to sign in again when the
	// refresh token expires.
	Password string
	// ClientID and ClientSecret are the app Relais registered on a
	// Mastodon server.
	ClientID     string
	ClientSecret string
	// Expiry is when AccessToken stops working; zero when unknown.
	Expiry time.Time
}

// String hides the secret.
func (Secret) String() string { return "[secret]" }

// GoString hides the secret from %#v.
func (Secret) GoString() string { return "[secret]" }

// MarshalJSON hides the secret from encoding/json.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"[secret]"`), nil }

// IsZero reports whether the secret holds nothing.
func (s Secret) IsZero() bool { return s == Secret{} }

// SecretStore keeps secrets by account ID. The keychain implements it.
type SecretStore interface {
	// PutSecret stores the account's secret, replacing any other.
	PutSecret(ctx context.Context, account ID, s Secret) error
	// Secret returns the account's secret, or ErrNoSecret.
	Secret(ctx context.Context, account ID) (Secret, error)
	// DeleteSecret removes the account's secret; removing none is fine.
	DeleteSecret(ctx context.Context, account ID) error
}

// ErrNoSecret is returned when the keychain holds nothing for an account.
var ErrNoSecret = errors.New("the keychain holds no sign-in for this account")

// ErrKeychainUnavailable is returned when the OS keychain cannot be used.
// Relais never falls back to storing secrets in files.
var ErrKeychainUnavailable = errors.New("the system keychain is not available")

// Credentials give a connector its account's secret, and let it store a
// renewed one (a refreshed token).
type Credentials interface {
	Secret(ctx context.Context) (Secret, error)
	SetSecret(ctx context.Context, s Secret) error
}

// accountCredentials are one account's entry in a SecretStore.
type accountCredentials struct {
	store SecretStore
	id    ID
}

func (c accountCredentials) Secret(ctx context.Context) (Secret, error) {
	return c.store.Secret(ctx, c.id)
}

func (c accountCredentials) SetSecret(ctx context.Context, s Secret) error {
	return c.store.PutSecret(ctx, c.id, s)
}

// CredentialsFor returns the credentials of one account in a secret store.
func CredentialsFor(store SecretStore, account ID) Credentials {
	return accountCredentials{store: store, id: account}
}
