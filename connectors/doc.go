// Package connectors is where each social network lives, one sub-package
// per network (connectors/mastodon, connectors/bluesky, connectors/rss),
// each implementing the connector interface that app/ defines, with a
// small registry that main.go fills.
//
// No network is connected yet: the connector interface, the registry and
// the first networks arrive with the accounts and publishing work (issue 4).
// Until then Relais drafts entirely offline.
package connectors
