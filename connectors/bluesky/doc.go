// Package bluesky connects Relais to Bluesky: it signs in with an app
// password, posts (text with its links, mentions and hashtags, images with
// their alt text, a link card, replies), reads notifications and marks
// them seen, reads the conversation around a post, likes, reposts and
// reads figures, through a small typed XRPC client of its own over
// connectors/httpx.
//
// It does not use github.com/bluesky-social/indigo, Bluesky's own Go
// module: indigo is large (a relay, a PDS, a labeler, their databases),
// its generated API changes from one commit to the next without a stable
// release, and Relais needs eleven XRPC methods. Writing them here
// keeps the binary small, the dependencies few, and every request going
// through httpx's time limits and failure kinds.
//
// Identity: an account is a handle (or a DID) and, when the user gave
// one, the PDS's address. Without it, the handle is resolved to a DID by
// DNS (TXT _atproto.<handle>) or https://<handle>/.well-known/atproto-did,
// and the DID to its PDS through its DID document (did:plc from the PLC
// directory, did:web from /.well-known/did.json).
//
// Sessions: the keychain keeps the app password and the session's two
// JWTs. The access token is refreshed shortly before it expires, and once
// more when the PDS says it has (400 ExpiredToken, or 401); when the
// refresh token is dead too, the connector signs in again with the
// password; only when that is refused must the user reconnect
// (app.FailAuth). Every renewed session is stored through
// app.Credentials. Tokens and passwords never appear in an error.
//
// Exactly once: a post's record key is the attempt's key, chosen before
// the first request, so creating it again cannot make a second post; a
// create that fails because the record exists settles on the existing
// one.
package bluesky
