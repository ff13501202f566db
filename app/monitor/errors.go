package monitor

import "errors"

// ErrSearchUnsupported: the source cannot search for what a watch asks
// (many Mastodon servers search only hashtags and the user's own posts).
var ErrSearchUnsupported = errors.New("this server does not search the text of public posts")
