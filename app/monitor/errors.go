package monitor

import "errors"

// ErrSearchUnsupported: the source cannot search for what a watch asks
// (many Mastodon servers search only hashtags and the user's own posts).
var ErrSearchUnsupported = errors.New("this server does not search the text of public posts")

// ErrNoTagStream: the server offers no hashtag stream (GoToSocial): its
// hashtags are read on the watch's schedule only.
var ErrNoTagStream = errors.New("this server offers no hashtag stream; its hashtags are read on the schedule")
