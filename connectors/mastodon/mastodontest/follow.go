package mastodontest

import (
	"net/http"
	"slices"
	"strconv"
)

// A locked account (Mastodon's "manually approve followers", GoToSocial's
// default) gets follow requests: each waits, with a "follow_request"
// notification, until the account authorizes or rejects it, or the
// requester withdraws it. GET /api/v1/follow_requests lists the
// requesters' Accounts, newest first, paginated by the requests' own IDs
// (which are neither the accounts' nor the notifications': only the Link
// header leads to the next page).

type fakeFollowRequest struct {
	id      string
	account *fakeAccount
	notif   *fakeNotification
}

// SetLocked makes the account approve its followers: Follow makes a
// follow request from then on.
func (s *Server) SetLocked(locked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locked = locked
}

// SetNote sets an account's bio, in HTML, as its owner wrote it.
func (s *Server) SetNote(author, html string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accountLocked(author).note = html
}

// AccountID returns the ID of an account (user, or user@domain), making
// it the first time.
func (s *Server) AccountID(author string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accountLocked(author).id
}

// requestFollowLocked makes a follow request of a, and returns its
// notification's ID.
func (s *Server) requestFollowLocked(a *fakeAccount) string {
	if i := slices.IndexFunc(s.followReqs, func(r *fakeFollowRequest) bool { return r.account == a }); i >= 0 {
		return s.followReqs[i].notif.id
	}
	s.requestSeq++
	r := &fakeFollowRequest{id: strconv.FormatInt(7163000+s.requestSeq*7, 10), account: a}
	r.notif = s.notifyLocked("follow_request", a, nil)
	s.followReqs = append(s.followReqs, r)
	return r.notif.id
}

// WithdrawFollow takes back author's follow request, as its author
// cancelling it does: the request and its notification are gone.
func (s *Server) WithdrawFollow(author string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(author)
	s.followReqs = slices.DeleteFunc(s.followReqs, func(r *fakeFollowRequest) bool {
		if r.account != a {
			return false
		}
		s.dropNotificationLocked(r.notif.id)
		return true
	})
}

// Dismiss removes a notification, as the user dismissing it in another
// app does (POST /api/v1/notifications/:id/dismiss); what it told of
// stays (a follow request still waits).
func (s *Server) Dismiss(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropNotificationLocked(id)
}

func (s *Server) dropNotificationLocked(id string) {
	s.notifs = slices.DeleteFunc(s.notifs, func(n *fakeNotification) bool { return n.id == id })
}

// FollowRequests returns the user names of those whose follow request
// waits, oldest first.
func (s *Server) FollowRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{}
	for _, r := range s.followReqs {
		out = append(out, r.account.acct)
	}
	return out
}

// Follows reports whether author follows the account.
func (s *Server) Follows(author string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[author]
	return a != nil && a.follows
}

// followRequests lists the requesters, newest request first, paginated
// as Mastodon does, with Link headers.
func (s *Server) followRequests(r *http.Request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	page := paginate(s.followReqs, func(fr *fakeFollowRequest) string { return fr.id }, q, 40, 80)
	out := []jsonAccount{}
	for _, fr := range page {
		out = append(out, s.accountJSON(fr.account))
	}
	rep := jsonReply(http.StatusOK, out)
	setLinks(rep.header, s.url, r, q, page, func(fr *fakeFollowRequest) string { return fr.id })
	return rep
}

func (s *Server) authorizeFollow(r *http.Request) reply {
	return s.answerFollow(r, true)
}

func (s *Server) rejectFollow(r *http.Request) reply {
	return s.answerFollow(r, false)
}

// answerFollow authorizes or rejects the request of the account whose ID
// the path names, and answers the Relationship; 404 when that account
// has no request waiting (never asked, withdrawn, answered already).
func (s *Server) answerFollow(r *http.Request, accept bool) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	i := slices.IndexFunc(s.followReqs, func(fr *fakeFollowRequest) bool { return fr.account.id == id })
	if i < 0 {
		return errorReply(http.StatusNotFound, "Record not found")
	}
	a := s.followReqs[i].account
	s.followReqs = slices.Delete(s.followReqs, i, i+1)
	if accept {
		a.follows = true
		s.me.followers++
	}
	return jsonReply(http.StatusOK, jsonRelationship{ID: a.id, FollowedBy: a.follows})
}

func (a *fakeAccount) noteHTML() string {
	if a.note != "" {
		return a.note
	}
	return "<p>Un compte de test.</p>"
}
