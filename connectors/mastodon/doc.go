// Package mastodon connects Relais to Mastodon servers: it signs in with
// OAuth 2 and PKCE through the browser, publishes statuses with their
// images and alt text, reads mentions, replies, direct messages, quotes,
// favourites, boosts and follows from the notifications (and edits of
// statuses, as changes), follows them live on the streaming API (over a
// WebSocket, websocket.go, the only way GoToSocial offers, else
// Server-Sent Events, sse.go; stream.go chooses), reads the conversation
// around a status,
// favourites and boosts, and reads the figures of the account and its
// posts.
//
// It is a small typed client over net/http, through connectors/httpx,
// rather than github.com/mattn/go-mastodon: that library retries a 429
// inside itself for up to an hour without reading Retry-After (the
// publishing engine must decide when to try again, and tell the user),
// cannot send an Idempotency-Key header (so a post whose answer was lost
// would be posted twice), and reads answers without a size limit.
//
// # Exactly once
//
// Every status is created with the header Idempotency-Key set to the
// attempt's key (app.Outgoing.Key). Mastodon keeps a key for an hour:
// within that hour, the same key from the same account answers the status
// already made instead of making another. After a lost answer the
// publishing engine first calls Find, which looks for the post among the
// account's statuses (same text, same reply, made after the key was
// chosen), paging back until statuses older than the attempt, and only if
// it is not there calls Publish again with the same key, which is safe
// inside the hour whatever Find saw. Servers that ignore the header
// (GoToSocial) rely on Find alone: it never answers "not there" from a
// partial read (ErrFindIncomplete, or the failed page's error).
//
// # Errors
//
// Every failure of the network is an *app.NetError (see connectors/httpx),
// wrapped with what was being done: a 401 asks the
// user to reconnect, a 429 carries how long to wait (Retry-After, else
// Mastodon's X-RateLimit-Reset), and the server's own words
// ({"error": "..."}) are kept in Message. No token ever appears in an
// error.
package mastodon
