package mastodontest

// The JSON shapes the fake answers with, as Mastodon's documentation
// gives them (https://docs.joinmastodon.org/entities/).

type jsonAccount struct {
	ID             string       `json:"id"`
	Username       string       `json:"username"`
	Acct           string       `json:"acct"`
	DisplayName    string       `json:"display_name"`
	Locked         bool         `json:"locked"`
	Bot            bool         `json:"bot"`
	Discoverable   bool         `json:"discoverable"`
	Group          bool         `json:"group"`
	CreatedAt      string       `json:"created_at"`
	Note           string       `json:"note"`
	URL            string       `json:"url"`
	URI            string       `json:"uri"`
	Avatar         string       `json:"avatar"`
	AvatarStatic   string       `json:"avatar_static"`
	Header         string       `json:"header"`
	HeaderStatic   string       `json:"header_static"`
	FollowersCount int          `json:"followers_count"`
	FollowingCount int          `json:"following_count"`
	StatusesCount  int          `json:"statuses_count"`
	LastStatusAt   *string      `json:"last_status_at"`
	Emojis         []struct{}   `json:"emojis"`
	Fields         []struct{}   `json:"fields"`
	Source         *jsonSource  `json:"source,omitempty"`
	Role           *jsonAccRole `json:"role,omitempty"`
}

type jsonSource struct {
	Privacy             string     `json:"privacy"`
	Sensitive           bool       `json:"sensitive"`
	Language            string     `json:"language"`
	Note                string     `json:"note"`
	Fields              []struct{} `json:"fields"`
	FollowRequestsCount int        `json:"follow_requests_count"`
}

type jsonAccRole struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Permissions string `json:"permissions"`
	Color       string `json:"color"`
	Highlighted bool   `json:"highlighted"`
}

type jsonApplication struct {
	Name    string  `json:"name"`
	Website *string `json:"website"`
}

type jsonMention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	URL      string `json:"url"`
	Acct     string `json:"acct"`
}

type jsonTag struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type jsonStatus struct {
	ID                 string             `json:"id"`
	CreatedAt          string             `json:"created_at"`
	InReplyToID        *string            `json:"in_reply_to_id"`
	InReplyToAccountID *string            `json:"in_reply_to_account_id"`
	Sensitive          bool               `json:"sensitive"`
	SpoilerText        string             `json:"spoiler_text"`
	Visibility         string             `json:"visibility"`
	Language           *string            `json:"language"`
	URI                string             `json:"uri"`
	URL                *string            `json:"url"`
	RepliesCount       int                `json:"replies_count"`
	ReblogsCount       int                `json:"reblogs_count"`
	FavouritesCount    int                `json:"favourites_count"`
	QuotesCount        int                `json:"quotes_count"`
	EditedAt           *string            `json:"edited_at"`
	Favourited         bool               `json:"favourited"`
	Reblogged          bool               `json:"reblogged"`
	Muted              bool               `json:"muted"`
	Bookmarked         bool               `json:"bookmarked"`
	Pinned             bool               `json:"pinned"`
	Content            string             `json:"content"`
	Filtered           []struct{}         `json:"filtered"`
	Reblog             *jsonStatus        `json:"reblog"`
	Application        *jsonApplication   `json:"application"`
	Account            jsonAccount        `json:"account"`
	MediaAttachments   []jsonMedia        `json:"media_attachments"`
	Mentions           []jsonMention      `json:"mentions"`
	Tags               []jsonTag          `json:"tags"`
	Emojis             []struct{}         `json:"emojis"`
	Card               *struct{}          `json:"card"`
	Poll               *struct{}          `json:"poll"`
	Quote              *jsonQuote         `json:"quote"`
	QuoteApproval      *jsonQuoteApproval `json:"quote_approval,omitempty"`
}

// jsonQuote is Mastodon 4.5's Quote: the status quoted, once the quote
// is accepted.
type jsonQuote struct {
	State        string      `json:"state"`
	QuotedStatus *jsonStatus `json:"quoted_status"`
}

type jsonQuoteApproval struct {
	Automatic   []string `json:"automatic"`
	Manual      []string `json:"manual"`
	CurrentUser string   `json:"current_user"`
}

type jsonMedia struct {
	ID          string        `json:"id"`
	Type        string        `json:"type"`
	URL         *string       `json:"url"`
	PreviewURL  string        `json:"preview_url"`
	RemoteURL   *string       `json:"remote_url"`
	Meta        jsonMediaMeta `json:"meta"`
	Description *string       `json:"description"`
	Blurhash    string        `json:"blurhash"`
}

type jsonMediaMeta struct {
	Original *jsonMediaSize `json:"original,omitempty"`
	Small    *jsonMediaSize `json:"small,omitempty"`
}

type jsonMediaSize struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Size   string  `json:"size"`
	Aspect float64 `json:"aspect"`
}

type jsonNotification struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	CreatedAt string      `json:"created_at"`
	GroupKey  string      `json:"group_key"`
	Account   jsonAccount `json:"account"`
	Status    *jsonStatus `json:"status,omitempty"`
}

type jsonCredentialApplication struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Website               *string  `json:"website"`
	Scopes                []string `json:"scopes"`
	RedirectURI           string   `json:"redirect_uri"`
	RedirectURIs          []string `json:"redirect_uris"`
	ClientID              string   `json:"client_id"`
	ClientSecret          string   `json:"client_secret"`
	ClientSecretExpiresAt int      `json:"client_secret_expires_at"`
}

type jsonToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
	CreatedAt   int64  `json:"created_at"`
}

type jsonError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// jsonRelationship is a Relationship: the signed-in account's links with
// another.
type jsonRelationship struct {
	ID                  string   `json:"id"`
	Following           bool     `json:"following"`
	ShowingReblogs      bool     `json:"showing_reblogs"`
	Notifying           bool     `json:"notifying"`
	Languages           []string `json:"languages"`
	FollowedBy          bool     `json:"followed_by"`
	Blocking            bool     `json:"blocking"`
	BlockedBy           bool     `json:"blocked_by"`
	Muting              bool     `json:"muting"`
	MutingNotifications bool     `json:"muting_notifications"`
	Requested           bool     `json:"requested"`
	RequestedBy         bool     `json:"requested_by"`
	DomainBlocking      bool     `json:"domain_blocking"`
	Endorsed            bool     `json:"endorsed"`
	Note                string   `json:"note"`
}
