package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/connectors/httpx"
)

// Profile reads who the account is (verify_credentials), the server's
// limits (GET /api/v2/instance; Mastodon's defaults when the server does
// not tell them) and the avatar (left out when it cannot be fetched).
func (c *Connector) Profile(ctx context.Context) (app.Profile, error) {
	acc, err := c.verifyCredentials(ctx)
	if err != nil {
		return app.Profile{}, err
	}
	domain := c.localDomain()
	// Limits stay as last learnt when the server does not tell them now.
	limits := c.Limits()
	var inst instance
	if _, err := c.call(ctx, get("/api/v2/instance", nil), &inst); err == nil {
		limits = defaultLimits()
		if inst.Domain != "" {
			domain = inst.Domain
		}
		cfg := inst.Configuration
		if n := cfg.Statuses.MaxCharacters; n > 0 {
			limits.MaxLength = n
		}
		if n := cfg.Statuses.CharactersReservedPerURL; n > 0 {
			limits.LinkLength = n
		}
		limits.CodePoints = inst.countsCodePoints()
		if n := cfg.Statuses.MaxMediaAttachments; n > 0 {
			limits.Media.Count = n
		}
		if n := cfg.MediaAttachments.ImageSizeLimit; n > 0 {
			limits.Media.Size = n
		}
		if n := cfg.MediaAttachments.DescriptionLimit; n > 0 {
			limits.Media.AltMax = n
		}
	} else if ctxErr := ctx.Err(); ctxErr != nil {
		return app.Profile{}, ctxErr
	} else if errors.Is(err, app.ErrReconnect) {
		return app.Profile{}, err
	}
	c.mu.Lock()
	c.limits = limits
	c.domain = domain
	c.mu.Unlock()

	handle := acc.Acct
	if !strings.Contains(handle, "@") {
		handle += "@" + domain
	}
	name := acc.DisplayName
	if name == "" {
		name = acc.Username
	}
	p := app.Profile{
		RemoteID:    acc.ID,
		Handle:      handle,
		DisplayName: name,
		URL:         acc.URL,
		Server:      c.base.String(),
		Limits:      limits,
	}
	avatar := acc.AvatarStatic
	if avatar == "" {
		avatar = acc.Avatar
	}
	p.Avatar = c.fetchAvatar(ctx, avatar)
	return p, nil
}

// localDomain is the domain in the handles of the server's own accounts:
// the instance's, once Profile has read it, else the server's host.
func (c *Connector) localDomain() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.domain != "" {
		return c.domain
	}
	return c.base.Host
}

// verifyCredentials reads the signed-in account, and remembers its ID.
func (c *Connector) verifyCredentials(ctx context.Context) (account, error) {
	var acc account
	if _, err := c.call(ctx, get("/api/v1/accounts/verify_credentials", nil), &acc); err != nil {
		return account{}, err
	}
	if acc.ID == "" {
		return account{}, &app.NetError{Network: app.Mastodon, Kind: app.FailServer, Status: http.StatusOK,
			Err: errors.New("the server did not say which account this is")}
	}
	c.mu.Lock()
	c.remoteID = acc.ID
	c.mu.Unlock()
	return acc, nil
}

// accountID returns the account's Mastodon ID, asking the server when it
// is not known yet.
func (c *Connector) accountID(ctx context.Context) (string, error) {
	c.mu.Lock()
	id := c.remoteID
	c.mu.Unlock()
	if id != "" {
		return id, nil
	}
	acc, err := c.verifyCredentials(ctx)
	return acc.ID, err
}

// fetchAvatar downloads an avatar image, without the token (avatars are
// public, and often on another host); nil when it cannot.
func (c *Connector) fetchAvatar(ctx context.Context, link string) []byte {
	u, err := url.Parse(link)
	if err != nil || link == "" {
		return nil
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && httpx.IsLoopback(u.Hostname())) {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil
	}
	resp, err := c.avatars.Do(req)
	if err != nil || len(resp.Body) == 0 {
		return nil
	}
	return resp.Body
}
