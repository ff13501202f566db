package mastodon

import "time"

// The JSON shapes of Mastodon's entities, as far as Relais reads them
// (https://docs.joinmastodon.org/entities/).

// account is an Account (or a CredentialAccount, from verify_credentials).
type account struct {
	ID             string `json:"id"`
	Username       string `json:"username"`
	Acct           string `json:"acct"`
	DisplayName    string `json:"display_name"`
	URL            string `json:"url"`
	Avatar         string `json:"avatar"`
	AvatarStatic   string `json:"avatar_static"`
	FollowersCount int    `json:"followers_count"`
	FollowingCount int    `json:"following_count"`
	StatusesCount  int    `json:"statuses_count"`
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

// instance is an Instance (v2), for its domain and its limits.
type instance struct {
	Domain        string `json:"domain"`
	Configuration struct {
		Statuses struct {
			MaxCharacters       int `json:"max_characters"`
			MaxMediaAttachments int `json:"max_media_attachments"`
		} `json:"statuses"`
		MediaAttachments struct {
			ImageSizeLimit   int64 `json:"image_size_limit"`
			DescriptionLimit int   `json:"description_limit"`
		} `json:"media_attachments"`
	} `json:"configuration"`
}

// credentialApplication is what registering an app answers.
type credentialApplication struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}
