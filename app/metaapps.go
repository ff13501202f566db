package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// MetaProduct is one of Meta's networks, each connected through the
// user's own app in Meta's developer console (in development mode its
// admins and testers use every permission without App Review).
type MetaProduct string

// Meta's networks.
const (
	MetaFacebook  MetaProduct = "facebook"
	MetaInstagram MetaProduct = "instagram"
	MetaThreads   MetaProduct = "threads"
)

// MetaProducts lists them in the order screens show them.
var MetaProducts = []MetaProduct{MetaFacebook, MetaInstagram, MetaThreads}

// ErrUnknownMetaProduct is returned for a name that is none of them.
var ErrUnknownMetaProduct = errors.New("Meta's networks are facebook, instagram and threads")

// ParseMetaProduct reads facebook, instagram or threads, in any case.
func ParseMetaProduct(s string) (MetaProduct, error) {
	p := MetaProduct(strings.ToLower(strings.TrimSpace(s)))
	for _, q := range MetaProducts {
		if p == q {
			return p, nil
		}
	}
	return "", fmt.Errorf("%q: %w", s, ErrUnknownMetaProduct)
}

// Network is the network the product's accounts are.
func (p MetaProduct) Network() Network { return Network(p) }

// Name is the product's own name.
func (p MetaProduct) Name() string {
	switch p {
	case MetaFacebook:
		return "Facebook"
	case MetaInstagram:
		return "Instagram"
	case MetaThreads:
		return "Threads"
	}
	return string(p)
}

// Permissions are the permissions the user adds to their app, and Relais
// asks for at sign-in: to publish, read and answer comments, and read the
// figures. Facebook's pages_show_list is what lets Relais list the Pages
// the user manages (GET /me/accounts); the "Manage everything on your
// Page" use case adds it by itself.
func (p MetaProduct) Permissions() []string {
	switch p {
	case MetaFacebook:
		return []string{"pages_show_list", "pages_manage_posts", "pages_read_engagement", "pages_manage_engagement", "pages_read_user_content", "read_insights"}
	case MetaInstagram:
		return []string{"instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_comments", "instagram_business_manage_insights"}
	case MetaThreads:
		return []string{"threads_basic", "threads_content_publish", "threads_manage_replies", "threads_read_replies", "threads_manage_insights"}
	}
	return nil
}

// BrowserComesBack reports whether the browser can come back to Relais
// by itself after the sign-in. Facebook Login accepts http://localhost
// redirects while the app is in development mode (its settings say
// "localhost redirects are automatically allowed while in development
// mode only"; it refuses 127.0.0.1), so Relais's loopback receives the
// code. Threads wants https redirect URIs and refuses "localhost"
// (Meta's own sample, fbsamples/threads_api, maps a domain in the hosts
// file and makes a certificate), but takes https://127.0.0.1:PORT
// (fbsamples/threads_api#32); Instagram's business login wants https as
// well. A plain loopback cannot answer https: the browser ends on an
// error page whose address holds the code, and the user pastes that
// address into Relais.
func (p MetaProduct) BrowserComesBack() bool { return p == MetaFacebook }

// RedirectURI is the exact redirect URI the user registers in their app
// for the product, on the workspace's sign-in port.
func (p MetaProduct) RedirectURI(port int) string {
	if p.BrowserComesBack() {
		return "http://localhost:" + strconv.Itoa(port) + "/callback"
	}
	return "https://127.0.0.1:" + strconv.Itoa(port) + "/callback"
}

// MetaApp is the user's own app for one product: its ID and secret, as
// the developer console shows them (for Instagram and Threads, the
// "Instagram app" and "Threads app" ones of the use case, not the Meta
// app's). It prints without its secret.
type MetaApp struct {
	ID     string
	Secret string
}

// String hides the secret.
func (a MetaApp) String() string { return "app " + a.ID + " [secret]" }

// GoString hides the secret.
func (a MetaApp) GoString() string { return a.String() }

// The ways an app's ID or secret is refused.
var (
	ErrBadMetaAppID     = errors.New("an app ID is a number (digits only), as the developer console shows it")
	ErrBadMetaAppSecret = errors.New("an app secret is 32 characters, digits and the letters a to f, as the developer console shows it after \"Show\"")
	// ErrNoMetaApp: the user has not given their app for this product.
	ErrNoMetaApp = errors.New("no app given yet for this network: follow the guide in Accounts → Connect, or give --app-id and --app-secret-stdin")
)

var (
	metaAppID     = regexp.MustCompile(`^[0-9]{5,25}$`)
	metaAppSecret = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// ParseMetaApp checks an app ID and secret as pasted (spaces around are
// dropped).
func ParseMetaApp(id, secret string) (MetaApp, error) {
	a := MetaApp{ID: strings.TrimSpace(id), Secret: strings.ToLower(strings.TrimSpace(secret))}
	if !metaAppID.MatchString(a.ID) {
		return MetaApp{}, ErrBadMetaAppID
	}
	if !metaAppSecret.MatchString(a.Secret) {
		return MetaApp{}, ErrBadMetaAppSecret
	}
	return a, nil
}

// MetaApps keeps the user's apps, one per product, in the workspace's
// keychain (never in the database), and knows the workspace's redirect
// URIs.
type MetaApps struct {
	secrets NamedSecrets
	port    func(ctx context.Context) (int, error)
}

// NewMetaApps returns the apps kept in secrets; port gives the
// workspace's sign-in port (choosing it the first time).
func NewMetaApps(secrets SecretStore, port func(ctx context.Context) (int, error)) *MetaApps {
	return &MetaApps{secrets: NamedSecretsIn(secrets), port: port}
}

func metaAppEntry(p MetaProduct) string { return "meta app " + string(p) }

// ErrNoSignInPort is returned when the workspace cannot have a sign-in
// port (a read-only run).
var ErrNoSignInPort = errors.New("this workspace has no sign-in port")

// RedirectURI is the exact redirect URI to register for p in this
// workspace.
func (m *MetaApps) RedirectURI(ctx context.Context, p MetaProduct) (string, error) {
	if m == nil || m.port == nil {
		return "", ErrNoSignInPort
	}
	port, err := m.port(ctx)
	if err != nil {
		return "", fmt.Errorf("choosing the sign-in port: %w", err)
	}
	return p.RedirectURI(port), nil
}

// Port is the workspace's sign-in port.
func (m *MetaApps) Port(ctx context.Context) (int, error) {
	if m == nil || m.port == nil {
		return 0, ErrNoSignInPort
	}
	return m.port(ctx)
}

// Save checks and keeps the user's app for p in the keychain.
func (m *MetaApps) Save(ctx context.Context, p MetaProduct, id, secret string) (MetaApp, error) {
	if _, err := ParseMetaProduct(string(p)); err != nil {
		return MetaApp{}, err
	}
	a, err := ParseMetaApp(id, secret)
	if err != nil {
		return MetaApp{}, err
	}
	if err := m.secrets.PutNamedSecret(ctx, metaAppEntry(p), Secret{ClientID: a.ID, ClientSecret: a.Secret}); err != nil {
		return MetaApp{}, fmt.Errorf("keeping the %s app in the keychain: %w", p.Name(), err)
	}
	return a, nil
}

// App returns the user's app for p, or ErrNoMetaApp.
func (m *MetaApps) App(ctx context.Context, p MetaProduct) (MetaApp, error) {
	s, err := m.secrets.NamedSecret(ctx, metaAppEntry(p))
	if errors.Is(err, ErrNoSecret) || (err == nil && s.ClientID == "") {
		return MetaApp{}, fmt.Errorf("%s: %w", p.Name(), ErrNoMetaApp)
	}
	if err != nil {
		return MetaApp{}, fmt.Errorf("reading the %s app from the keychain: %w", p.Name(), err)
	}
	return MetaApp{ID: s.ClientID, Secret: s.ClientSecret}, nil
}

// Forget removes the user's app for p from the keychain.
func (m *MetaApps) Forget(ctx context.Context, p MetaProduct) error {
	if err := m.secrets.DeleteNamedSecret(ctx, metaAppEntry(p)); err != nil && !errors.Is(err, ErrNoSecret) {
		return err
	}
	return nil
}
