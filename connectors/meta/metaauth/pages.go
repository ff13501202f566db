package metaauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/relais-app/relais/app"
)

// Page is a Facebook Page the user manages, with its own token. It prints
// without the token.
type Page struct {
	ID       string
	Name     string
	Category string
	// Tasks are the user's roles on the Page (CREATE_CONTENT, MODERATE,
	// ANALYZE, …).
	Tasks []string
	Token Token
}

// String names the page without its token.
func (p Page) String() string { return p.Name + " (" + p.ID + ")" }

// GoString hides the token.
func (p Page) GoString() string { return p.String() }

// maxPages bounds the pages read, as a guard against a server that pages
// forever.
const maxPages = 50

// Pages lists the Facebook Pages the user token reaches (GET
// /me/accounts), each with its Page token. Derived from a long-lived user
// token, a Page token does not expire.
func (c *Client) Pages(ctx context.Context, user Token) ([]Page, error) {
	if c.Product != app.MetaFacebook {
		return nil, fmt.Errorf("%s has no Pages", c.Product.Name())
	}
	var pages []Page
	after := ""
	for range maxPages {
		q := url.Values{"fields": {"id,name,category,tasks,access_token"}, "limit": {"100"}, "access_token": {user.Access}}
		if after != "" {
			q.Set("after", after)
		}
		req, err := c.get(ctx, c.address("graph")+"/"+GraphVersion+"/me/accounts", q)
		if err != nil {
			return nil, err
		}
		body, err := c.do(req)
		if err != nil {
			return nil, err
		}
		var ans struct {
			Data []struct {
				ID          string   `json:"id"`
				Name        string   `json:"name"`
				Category    string   `json:"category"`
				Tasks       []string `json:"tasks"`
				AccessToken string   `json:"access_token"`
			} `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(body, &ans); err != nil {
			return nil, c.serverError(200, errors.New("GET /me/accounts: the answer is not the JSON expected"))
		}
		for _, d := range ans.Data {
			if d.ID == "" || d.AccessToken == "" {
				continue
			}
			p := Page{ID: d.ID, Name: d.Name, Category: d.Category, Tasks: d.Tasks, Token: Token{Access: d.AccessToken, LongLived: true}}
			if !user.LongLived {
				p.Token.Expiry = user.Expiry
			}
			pages = append(pages, p)
		}
		// The next page is asked by its cursor, never by following
		// "next", whose address carries the token.
		if ans.Paging.Next == "" || ans.Paging.Cursors.After == "" || ans.Paging.Cursors.After == after {
			return pages, nil
		}
		after = ans.Paging.Cursors.After
	}
	return pages, nil
}

// ErrNoPage is returned when the user token reaches no Page.
var ErrNoPage = errors.New("this Facebook account manages no Page that the app may use: check the Page was ticked at sign-in, and that the app has pages_show_list")

// ErrPageNotFound is returned for a --page the token does not reach.
var ErrPageNotFound = errors.New("the sign-in does not reach this Page")

// SeveralPagesError is returned when the token reaches several Pages and
// none was chosen.
type SeveralPagesError struct {
	Pages []Page
}

func (e *SeveralPagesError) Error() string {
	var names []string
	for _, p := range e.Pages {
		names = append(names, p.String())
	}
	return "this sign-in reaches several Pages: choose one (--page ID): " + strings.Join(names, ", ")
}

// As lets errors.As read the Pages as app's SeveralAccountsError, for
// the window to offer them (names and IDs, never the tokens).
func (e *SeveralPagesError) As(target any) bool {
	t, ok := target.(**app.SeveralAccountsError)
	if !ok {
		return false
	}
	several := &app.SeveralAccountsError{Network: app.Facebook}
	for _, p := range e.Pages {
		several.Choices = append(several.Choices, app.AccountChoice{RemoteID: p.ID, Name: p.Name})
	}
	*t = several
	return true
}

// ChoosePage picks the Page with this ID, or the only one when id is "".
func ChoosePage(pages []Page, id string) (Page, error) {
	id = strings.TrimSpace(id)
	if len(pages) == 0 {
		return Page{}, ErrNoPage
	}
	if id == "" {
		if len(pages) == 1 {
			return pages[0], nil
		}
		return Page{}, &SeveralPagesError{Pages: pages}
	}
	for _, p := range pages {
		if p.ID == id {
			return p, nil
		}
	}
	return Page{}, fmt.Errorf("%s: %w", id, ErrPageNotFound)
}
