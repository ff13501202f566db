package mastodon

import (
	"strings"
	"time"
)

// The JSON shapes of Mastodon's entities, as far as Relais reads them
// (https://docs.joinmastodon.org/entities/).

// account is an Account (or a CredentialAccount, from verify_credentials).
type account struct {
	ID           string `json:"id"`
	Username     string `json:"username"`
	Acct         string `json:"acct"`
	DisplayName  string `json:"display_name"`
	URL          string `json:"url"`
	Avatar       string `json:"avatar"`
	AvatarStatic string `json:"avatar_static"`
	// Note is the account's bio, in HTML.
	Note           string `json:"note"`
	FollowersCount int    `json:"followers_count"`
	FollowingCount int    `json:"following_count"`
	StatusesCount  int    `json:"statuses_count"`
	// CreatedAt is when the account was made, as the server writes it
	// (read leniently: it is only the veille's).
	CreatedAt string `json:"created_at"`
}

// status is a Status.
type status struct {
	ID                 string            `json:"id"`
	URI                string            `json:"uri"`
	URL                *string           `json:"url"`
	CreatedAt          time.Time         `json:"created_at"`
	Account            account           `json:"account"`
	Content            string            `json:"content"`
	InReplyToID        *string           `json:"in_reply_to_id"`
	InReplyToAccountID *string           `json:"in_reply_to_account_id"`
	SpoilerText        string            `json:"spoiler_text"`
	Visibility         string            `json:"visibility"`
	Language           *string           `json:"language"`
	MediaAttachments   []mediaAttachment `json:"media_attachments"`
	RepliesCount       int               `json:"replies_count"`
	ReblogsCount       int               `json:"reblogs_count"`
	FavouritesCount    int               `json:"favourites_count"`
	QuotesCount        int               `json:"quotes_count"`
	Reblog             *status           `json:"reblog"`
	// EditedAt is when the status was last edited; nil if never.
	EditedAt *time.Time `json:"edited_at"`
	Mentions []mention  `json:"mentions"`
}

// mention is a Status's Mention: an account the status mentions.
type mention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Acct     string `json:"acct"`
}

// link is the status's public page: its url, else its uri (a remote
// status may have no url).
func (s *status) link() string {
	if s.URL != nil && *s.URL != "" {
		return *s.URL
	}
	return s.URI
}

// mediaAttachment is a MediaAttachment, or a ProcessingMediaAttachment
// whose url is still null.
type mediaAttachment struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         *string `json:"url"`
	Description *string `json:"description"`
}

// notification is a Notification.
type notification struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Account   account   `json:"account"`
	Status    *status   `json:"status"`
}

// instance is an Instance (v2), for its domain, its limits and its
// streaming server.
type instance struct {
	Domain string `json:"domain"`
	// Version and SourceURL tell the server's software: GoToSocial says
	// "0.20.0+git-…" and its repository.
	Version       string `json:"version"`
	SourceURL     string `json:"source_url"`
	Configuration struct {
		URLs struct {
			// Streaming is the streaming server's address (wss://…).
			Streaming string `json:"streaming"`
		} `json:"urls"`
		Statuses struct {
			MaxCharacters            int `json:"max_characters"`
			MaxMediaAttachments      int `json:"max_media_attachments"`
			CharactersReservedPerURL int `json:"characters_reserved_per_url"`
		} `json:"statuses"`
		MediaAttachments struct {
			ImageSizeLimit   int64 `json:"image_size_limit"`
			DescriptionLimit int   `json:"description_limit"`
		} `json:"media_attachments"`
	} `json:"configuration"`
}

// countsCodePoints reports whether the server counts a status's length in
// code points, links and mentions in full, as GoToSocial does
// (validateNormalizeCreateStatus), whatever characters_reserved_per_url
// it announces; Mastodon counts graphemes and a link as that figure.
func (in instance) countsCodePoints() bool {
	return strings.Contains(strings.ToLower(in.SourceURL), "gotosocial") ||
		strings.Contains(in.Version, "+git-")
}

// instanceV1 is the older Instance (GET /api/v1/instance), for its
// streaming server on servers before Mastodon 4.0.
type instanceV1 struct {
	URLs struct {
		StreamingAPI string `json:"streaming_api"`
	} `json:"urls"`
}

// statusContext is a status's Context: the statuses it answers and its
// replies.
type statusContext struct {
	Ancestors   []status `json:"ancestors"`
	Descendants []status `json:"descendants"`
}

// credentialApplication is what registering an app answers.
type credentialApplication struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// relationship is a Relationship, as far as Relais reads it.
type relationship struct {
	ID         string `json:"id"`
	FollowedBy bool   `json:"followed_by"`
}
