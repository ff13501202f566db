// Package storage keeps Relais's data in one bbolt file, and implements
// app.Store.
//
// The bucket tree (schema version 10):
//
//	meta
//	  "schema"            -> uint64, big-endian: the schema version
//	posts
//	  <id:16>             -> postRecord (JSON, field "v" = record version)
//	posts_by_change
//	  <updated:8><id:16>  -> summaryRecord (JSON): what a list shows,
//	                         so that a list of 100,000 drafts never reads
//	                         the posts themselves
//	posts_by_time
//	  <planned:8><id:16>  -> empty: the calendar, a range is a seek
//	posts_recurring
//	  <id:16>             -> empty: posts with a repetition rule, expanded
//	                         for every range
//	trash
//	  <id:16>             -> postRecord with "trashed_at"
//	trash_by_time
//	  <trashed:8><id:16>  -> empty: what to purge, oldest first
//	events
//	  <id:16>             -> eventRecord (JSON)
//	events_by_time
//	  <start:8><id:16>    -> empty
//	events_by_uid
//	  <iCalendar UID>     -> <id:16>: an imported event, found again
//	queues
//	  <target key>        -> queueRecord (JSON): weekly slots and zone
//	settings
//	  <key>               -> the value, as text
//	accounts
//	  <id:16>             -> accountRecord (JSON); never a secret: those
//	                         are in the OS keychain, under the same ID
//	outbox
//	  <post>/<target>/<due unix seconds>
//	                      -> attemptRecord (JSON): the journal of posts
//	                         going out, written before each request, with
//	                         its idempotency key; keys start with the post's
//	                         ID, so a post's attempts are a prefix seek
//	outbox_open
//	  <attempt id>        -> empty: attempts not settled yet (sending,
//	                         waiting, held), read at every start
//	inbox
//	  <id:16>             -> inboxRecord (JSON): an item and its triage
//	inbox_remote
//	  <account:16><remote ID>
//	                      -> <id:16>: what is already in the inbox, so a
//	                         read merges without duplicates; an account's
//	                         items are a prefix seek
//	inbox_cursors
//	  <account:16>        -> the cursor to read the account from next,
//	                         written in the transaction of the items read
//	inbox_rules
//	  "rules"             -> rulesRecord (JSON): every rule, in order
//	templates
//	  "saved_replies"     -> savedRepliesRecord (JSON): every saved reply,
//	                         in order
//	account_days
//	  <account:16><day:8> -> accountDayRecord (JSON): an account's figures
//	                         on one day (its midnight UTC); an account's
//	                         days are one run of keys, oldest first, so a
//	                         range is a seek per account
//	post_stats
//	  <attempt id>        -> postStatsRecord (JSON): the latest figures of
//	                         one sent attempt, under the outbox's key
//	watches
//	  <id:16>             -> watchRecord (JSON): a watch of the veille,
//	                         its query, sources and each source's state
//	watch_items
//	  <id:16>             -> itemRecord (JSON): what watches found, once
//	                         whatever found it, with its watches
//	watch_items_by_time
//	  <at:8><id:16>       -> empty: the items by time (published, or
//	                         found), a period is a seek, the purge a run
//	                         from the start
//	watch_items_by_watch
//	  <watch:16><at:8><id:16>
//	                      -> empty: one watch's items, a prefix seek
//	watch_items_by_uri
//	  <URI>               -> <id:16>: what is stored already, so that a
//	                         post found again, by any source or watch, is
//	                         the same item
//	competitors
//	  <id:16>             -> competitorRecord (JSON): a competitor's
//	                         account followed, and its read's state
//	competitor_days
//	  <competitor:16><day:8>
//	                      -> competitorDayRecord (JSON): its followers on
//	                         one day, a run of keys per competitor
//	competitor_posts
//	  <competitor:16><published:8><URI>
//	                      -> competitorPostRecord (JSON): one of its posts
//	                         with its latest figures, read again while
//	                         recent
//	impostors
//	  <id:16>             -> impostorRecord (JSON): an account that looks
//	                         like the brand's, its score, its reasons and
//	                         the status the user gave it
//	quarantine            (created when first needed, no migration)
//	  <bucket>/<key>      -> a record that could not be decoded, as it was
//	                         found, set aside so that it hides no other;
//	                         relais doctor lists them
//
// Times in keys are Unix nanoseconds as big-endian uint64, so keys sort by
// time and a range is a cursor seek, never a scan of the whole bucket.
//
// Every exported method is one bbolt transaction; when it returns nil the
// change is on disk (bbolt fsyncs each commit), so a crash or a kill loses
// nothing that was acknowledged. MergeInbox may look first in a read
// transaction, so that a read of the network that brought nothing new
// writes and syncs nothing.
//
// Open checks an existing file before using it (check.go) and never writes
// to a damaged one: it is set aside as relais.db.damaged-DATE. Backups are
// zips in backups/ (backup.go).
package storage
