package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/relais-app/relais/app"
	"github.com/relais-app/relais/ui/i18n"
)

// parseSync reads "sync".
func parseSync(cmd *Command, lang *string, args []string) error {
	cmd.Action = ActionSync
	_, err := parseRest(newFlagSet(cmd, lang), cmd, args, 0)
	return err
}

// parseInbox reads "inbox list|done|reply|accept|reject|delete|hide".
func parseInbox(cmd *Command, lang *string, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usage("cli.inbox_needs_action")
	}
	fs := newFlagSet(cmd, lang)
	words := 0
	var view string
	var needsReply bool
	switch args[0] {
	case "list":
		cmd.Action = ActionInboxList
		fs.BoolVar(&needsReply, "needs-reply", false, "")
		fs.StringVar(&view, "view", "", "")
		fs.StringVar(&cmd.Account, "account", "", "")
		fs.StringVar(&cmd.Search, "search", "", "")
		fs.value("limit", func(v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				return usage("cli.bad_limit", "value", v)
			}
			cmd.Limit = n
			return nil
		})
	case "done":
		cmd.Action = ActionInboxDone
		words = 1
	case "accept":
		cmd.Action = ActionInboxAccept
		words = 1
	case "reject":
		cmd.Action = ActionInboxReject
		words = 1
	case "delete":
		cmd.Action = ActionInboxDelete
		words = 1
		fs.BoolVar(&cmd.Yes, "yes", false, "")
	case "hide":
		cmd.Action = ActionInboxHide
		words = 1
		fs.BoolVar(&cmd.Show, "show", false, "")
	case "reply":
		cmd.Action = ActionInboxReply
		words = 1
		fs.StringVar(&cmd.Text, "text", "", "")
		fs.StringVar(&cmd.Saved, "saved", "", "")
		fs.BoolVar(&cmd.IgnoreProof, "ignore-proofreading", false, "")
	default:
		return usage("cli.unknown_command", "command", "inbox "+args[0])
	}
	rest, err := parseRest(fs, cmd, args[1:], words)
	if err != nil {
		return err
	}
	switch cmd.Action {
	case ActionInboxList:
		v, ok := app.ParseInboxView(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(view)), "-", "_"))
		if !ok {
			return usage("cli.bad_inbox_view", "value", view, "views", inboxViewList())
		}
		if needsReply {
			if view != "" && v != app.ViewNeedsReply {
				return usage("cli.needs_reply_or_view")
			}
			v = app.ViewNeedsReply
		}
		cmd.InboxView = v
		cmd.Account = strings.TrimSpace(cmd.Account)
	case ActionInboxDone, ActionInboxReply, ActionInboxAccept, ActionInboxReject, ActionInboxDelete, ActionInboxHide:
		if len(rest) < 1 {
			return usage("cli.inbox_needs_id")
		}
		if cmd.Item, err = parseItemRef(rest[0]); err != nil {
			return err
		}
		if cmd.Action == ActionInboxReply {
			text, saved := strings.TrimSpace(cmd.Text) != "", strings.TrimSpace(cmd.Saved) != ""
			if text && saved {
				return usage("cli.reply_text_or_saved")
			}
			if !text && !saved {
				return usage("cli.reply_needs_text")
			}
		}
	}
	return nil
}

// inboxViewList names the inbox views for a message: "open, needs_reply…".
func inboxViewList() string {
	names := make([]string, len(app.InboxViews))
	for i, v := range app.InboxViews {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// idLength is the length of an ID's text form; shortIDLength, the length
// of the end of it that lists show, and minIDLength the least of it that
// commands take. An ID starts with its creation time, the same for the
// items of one sync: only its end tells them apart.
const (
	idLength      = 26
	shortIDLength = 8
	minIDLength   = 6
)

// idAlphabet is the alphabet of IDs' text form.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// parseItemRef reads an inbox item's ID, whole or its end, in lower case.
func parseItemRef(v string) (string, error) {
	ref := strings.ToLower(strings.TrimSpace(v))
	if len(ref) < minIDLength || len(ref) > idLength || strings.Trim(ref, idAlphabet) != "" {
		return "", usage("cli.bad_item_id", "id", v)
	}
	return ref, nil
}

// item finds the inbox item a command names: by its whole ID, or by the
// end of it when exactly one item's ID ends so.
func (env Env) item(ctx context.Context, ref string) (app.InboxItem, error) {
	if len(ref) == idLength {
		id, err := app.ParseID(ref)
		if err != nil {
			return app.InboxItem{}, fail("cli.no_item", "id", ref)
		}
		it, err := env.Inbox.Item(ctx, id)
		if errors.Is(err, app.ErrNotFound) {
			return app.InboxItem{}, fail("cli.no_item", "id", ref)
		}
		return it, err
	}
	all, err := env.Inbox.List(ctx, app.InboxFilter{View: app.ViewAll})
	if err != nil {
		return app.InboxItem{}, err
	}
	var found []app.InboxItem
	for i := range all.Len() {
		if it := all.At(i); strings.HasSuffix(it.ID.String(), ref) {
			found = append(found, it)
		}
	}
	switch len(found) {
	case 0:
		return app.InboxItem{}, fail("cli.no_item", "id", ref)
	case 1:
		return found[0], nil
	}
	return app.InboxItem{}, fail("cli.ambiguous_item", "id", ref, "count", strconv.Itoa(len(found)))
}

// shortIDs returns what lists show of the IDs of shown: the shortest end,
// of at least shortIDLength characters, that no other item's ID ends
// with, so that item() finds the item by it.
func (env Env) shortIDs(ctx context.Context, shown []app.InboxItem) (map[app.ID]string, error) {
	all, err := env.Inbox.List(ctx, app.InboxFilter{View: app.ViewAll})
	if err != nil {
		return nil, err
	}
	ids := make([]string, all.Len())
	ends := make(map[string]int, all.Len())
	for i := range ids {
		ids[i] = all.At(i).ID.String()
		ends[ids[i][idLength-shortIDLength:]]++
	}
	out := make(map[app.ID]string, len(shown))
	for _, it := range shown {
		s := it.ID.String()
		n := shortIDLength
		if ends[s[idLength-n:]] > 1 { // rare: look at longer ends
			for n < idLength && endingWith(ids, s[idLength-n:]) > 1 {
				n++
			}
		}
		out[it.ID] = s[idLength-n:]
	}
	return out, nil
}

func endingWith(ids []string, end string) int {
	n := 0
	for _, id := range ids {
		if strings.HasSuffix(id, end) {
			n++
		}
	}
	return n
}

// account finds the connected account a command names, by its ID or its
// handle (with or without its leading "@"), feeds included.
func (env Env) account(ctx context.Context, name string) (app.Account, error) {
	if env.Accounts == nil {
		return app.Account{}, fail("cli.no_such_account", "id", name)
	}
	list, err := env.Accounts.List(ctx)
	if err != nil {
		return app.Account{}, err
	}
	for _, a := range list {
		if a.ID.String() == strings.ToLower(name) || (a.Handle != "" && strings.EqualFold(a.Handle, strings.TrimPrefix(name, "@"))) {
			return a, nil
		}
	}
	return app.Account{}, fail("cli.no_such_account", "id", name)
}

// accountNames returns the connected accounts by ID, for lists; none when
// Accounts is not set.
func (env Env) accountNames(ctx context.Context) (map[app.ID]app.Account, error) {
	out := make(map[app.ID]app.Account)
	if env.Accounts == nil {
		return out, nil
	}
	list, err := env.Accounts.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

// inbox is the inbox, or an error when main did not wire one.
func (env Env) inbox() (*app.Inbox, error) {
	if env.Inbox == nil {
		return nil, errors.New("the inbox is not available in this process")
	}
	return env.Inbox, nil
}

// itemJSON is an inbox item in --json output; a contract for scripts:
// fields are added, never renamed.
type itemJSON struct {
	ID       string     `json:"id"`
	Account  string     `json:"account"`
	Network  string     `json:"network"`
	Kind     string     `json:"kind"`
	State    string     `json:"state"` // new, needs_reply, replied, done
	Author   authorJSON `json:"author"`
	Title    string     `json:"title,omitempty"` // a feed article's
	Text     string     `json:"text"`
	URL      string     `json:"url"`
	At       string     `json:"at"` // RFC 3339, UTC
	Labels   []string   `json:"labels"`
	Risk     bool       `json:"risk"`
	Priority string     `json:"priority"` // normal, high
	// Answer is a follow request's: accepted, rejected, gone (answered
	// elsewhere or withdrawn); absent while it waits, and for other kinds.
	Answer string `json:"answer,omitempty"`
	// Hidden is true for a comment the user hid on its network (inbox
	// hide); absent otherwise.
	Hidden bool `json:"hidden,omitempty"`
}

type authorJSON struct {
	Name   string `json:"name"`
	Handle string `json:"handle"`
	URL    string `json:"url"`
	// Avatar is the address of the author's picture, when known.
	Avatar string `json:"avatar,omitempty"`
}

func toItemJSON(it app.InboxItem) itemJSON {
	labels := it.Labels
	if labels == nil {
		labels = []string{}
	}
	priority := "normal"
	if it.Priority >= app.PriorityHigh {
		priority = "high"
	}
	return itemJSON{
		ID: it.ID.String(), Account: it.Account.String(), Network: string(it.Network), Kind: string(it.Kind), State: string(it.State),
		Author: authorJSON{Name: it.Author.Name, Handle: it.Author.Handle, URL: it.Author.URL, Avatar: it.Author.Avatar},
		Title:  it.Title, Text: it.Text, URL: it.URL, At: it.At.UTC().Format(time.RFC3339),
		Labels: labels, Risk: it.Risk, Priority: priority, Answer: string(it.Answer), Hidden: it.Hidden && !it.Removed,
	}
}

func toItemsJSON(items []app.InboxItem) []itemJSON {
	out := make([]itemJSON, len(items))
	for i, it := range items {
		out[i] = toItemJSON(it)
	}
	return out
}

// syncJSON is what one account's sync brought, in `sync --json`.
type syncJSON struct {
	Account string     `json:"account"`
	Network string     `json:"network"`
	Handle  string     `json:"handle"`
	Added   []itemJSON `json:"added"`
	Changed int        `json:"changed"` // items edited or deleted on the network
	Error   string     `json:"error,omitempty"`
	// Figures is what was read of the account's figures, when some were
	// due or could not be read.
	Figures *collectJSON `json:"figures,omitempty"`
}

// syncAll reads every account's inbox once, and the figures due as the
// window would have read them, then says what arrived for each; it fails
// when an account could not be read.
func syncAll(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	results, err := inbox.SyncAll(ctx, nil)
	if err != nil {
		return err
	}
	// Without a window, nothing else reads the figures: a Relais driven
	// from cron would have empty reports. Collect reads only what is due,
	// so a sync every few minutes asks the networks no more than the
	// window does.
	var figures app.CollectResult
	if env.Analytics != nil {
		if figures, err = env.collect(ctx); err != nil {
			return err
		}
	}
	collected := map[app.ID]app.AccountCollected{}
	for _, r := range figures.Read {
		if r.Day || r.Posts > 0 || r.Err != nil {
			collected[r.Account.ID] = r
		}
	}
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
	}
	if cmd.JSON {
		out := make([]syncJSON, len(results))
		for i, r := range results {
			out[i] = syncJSON{Account: r.Account.ID.String(), Network: string(r.Account.Network), Handle: r.Account.Handle,
				Added: toItemsJSON(r.Added), Changed: r.Changed}
			if r.Err != nil {
				out[i].Error = env.Tr.Error(r.Err)
			}
			if c, ok := collected[r.Account.ID]; ok {
				j := env.collectJSON(c)
				out[i].Figures = &j
			}
		}
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else {
		if err := env.printSync(ctx, results); err != nil {
			return err
		}
		for _, r := range figures.Read {
			if _, ok := collected[r.Account.ID]; ok {
				fmt.Fprintln(env.Stdout, env.Tr.T("cli.sync_figures", "account", accountText(r.Account), "what", env.collectSummary(r)))
			}
		}
	}
	if failed > 0 {
		return fail("cli.sync_failed", "count", strconv.Itoa(failed))
	}
	if n := len(figures.Errs); n > 0 {
		return fail("cli.collect_failed", "count", strconv.Itoa(n))
	}
	return nil
}

// printSync writes, for each account, what arrived and the new items, or
// why it could not be read.
func (env Env) printSync(ctx context.Context, results []app.SyncResult) error {
	if len(results) == 0 {
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.sync_no_accounts"))
		return err
	}
	var added []app.InboxItem
	for _, r := range results {
		added = append(added, r.Added...)
	}
	short, err := env.shortIDs(ctx, added)
	if err != nil {
		return err
	}
	for _, r := range results {
		name := accountText(r.Account)
		if len(r.Added) > 0 || r.Err == nil {
			fmt.Fprintln(env.Stdout, env.Tr.T("cli.sync_line", "account", name, "what", env.syncSummary(r)))
		}
		if len(r.Added) > 0 {
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			for _, it := range r.Added {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", short[it.ID], env.when(it.At), kindName(env.Tr, it.Kind), authorText(it), snippet(it))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		if r.Err != nil {
			fmt.Fprintln(env.Stdout, env.Tr.T("cli.sync_line", "account", name, "what", env.Tr.Error(r.Err)))
		}
	}
	return nil
}

// syncSummary says what one sync brought: "3 new (2 need a reply)".
func (env Env) syncSummary(r app.SyncResult) string {
	tr := env.Tr
	what := tr.T("cli.sync_nothing")
	if n := len(r.Added); n > 0 {
		what = tr.N("cli.sync_new", n)
		replies := 0
		for _, it := range r.Added {
			if it.State == app.StateNeedsReply {
				replies++
			}
		}
		if replies > 0 {
			what = tr.T("cli.sync_new_replies", "new", what, "replies", tr.N("cli.sync_need_reply", replies))
		}
	}
	if r.Changed > 0 {
		what = tr.T("cli.sync_and_changed", "what", what, "changed", tr.N("cli.sync_changed", r.Changed))
	}
	return what
}

// inboxList shows the items of a view, newest first.
func inboxList(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	f := app.InboxFilter{View: cmd.InboxView, Text: cmd.Search}
	if cmd.Account != "" {
		acc, err := env.account(ctx, cmd.Account)
		if err != nil {
			return err
		}
		f.Account = acc.ID
	}
	list, err := inbox.List(ctx, f)
	if err != nil {
		return err
	}
	defer reportUnreadableItems(env)
	n := list.Len()
	if cmd.Limit > 0 {
		n = min(n, cmd.Limit)
	}
	items := make([]app.InboxItem, n)
	for i := range items {
		items[i] = list.At(i)
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toItemsJSON(items))
	}
	if len(items) == 0 {
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.inbox_empty"))
		return err
	}
	short, err := env.shortIDs(ctx, items)
	if err != nil {
		return err
	}
	accounts, err := env.accountNames(ctx)
	if err != nil {
		return err
	}
	now := env.now()
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, it := range items {
		account := it.Network.Name()
		if a, ok := accounts[it.Account]; ok {
			account = accountText(a)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", short[it.ID], env.when(it.At), account, kindName(env.Tr, it.Kind),
			env.stateText(it, now), authorText(it), snippet(it))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if more := list.Len() - len(items); more > 0 {
		_, err = fmt.Fprintln(env.Stdout, env.Tr.N("cli.inbox_more", more))
	}
	return err
}

// inboxDone marks an item done: it leaves the open inbox.
func inboxDone(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	it, err := env.item(ctx, cmd.Item)
	if err != nil {
		return err
	}
	if err := inbox.SetState(ctx, []app.ID{it.ID}, app.StateDone); err != nil {
		return err
	}
	if it, err = inbox.Item(ctx, it.ID); err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toItemJSON(it))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.item_done", "id", it.ID.String()))
	return err
}

// inboxDelete deletes a comment on its network (Facebook, Instagram).
// It cannot be undone: without --yes, it says what would be deleted and
// does nothing.
func inboxDelete(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	it, err := env.item(ctx, cmd.Item)
	if err != nil {
		return err
	}
	tr := env.Tr
	if !inbox.CanDelete(ctx, it) {
		return &failure{Key: "error.cannot_delete"}
	}
	if !cmd.Yes {
		fmt.Fprintln(env.Stdout, tr.T("cli.delete_would", "author", it.Author.Name, "network", it.Network.Name(), "text", it.Text))
		return &failure{Key: "cli.delete_confirm", Vars: []string{"id", it.ID.String()}}
	}
	deleted, err := inbox.DeleteComment(ctx, it.ID)
	if errors.Is(err, app.ErrNotOurComment) {
		return &failure{Key: "error.not_our_comment"}
	}
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toItemJSON(deleted))
	}
	_, err = fmt.Fprintln(env.Stdout, tr.T("cli.comment_deleted", "id", it.ID.String(), "network", it.Network.Name()))
	return err
}

// inboxHide hides a comment on its network (Facebook, Instagram,
// Threads) from everyone but its author, or shows it again with --show.
// It can be undone: nothing is asked.
func inboxHide(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	it, err := env.item(ctx, cmd.Item)
	if err != nil {
		return err
	}
	if !inbox.CanHide(ctx, it) {
		if it.Deleted {
			return fail("cli.comment_gone", "id", it.ID.String(), "network", it.Network.Name())
		}
		return &failure{Key: "error.cannot_hide"}
	}
	hide := !cmd.Show
	done, err := inbox.Hide(ctx, it.ID, hide)
	switch {
	case errors.Is(err, app.ErrNotOurComment):
		return &failure{Key: "error.not_our_comment"}
	case errors.Is(err, app.ErrRemoteGone):
		return fail("cli.comment_gone", "id", it.ID.String(), "network", it.Network.Name())
	case err != nil:
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toItemJSON(done))
	}
	key := "cli.comment_hidden"
	if !hide {
		key = "cli.comment_shown"
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T(key, "id", it.ID.String(), "network", it.Network.Name()))
	return err
}

// inboxAnswer accepts or rejects a follow request on its network. A
// request already handled or withdrawn is said so, and leaves the open
// inbox all the same.
func inboxAnswer(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	it, err := env.item(ctx, cmd.Item)
	if err != nil {
		return err
	}
	answer, key := inbox.Accept, "cli.follow_accepted"
	if cmd.Action == ActionInboxReject {
		answer, key = inbox.Reject, "cli.follow_rejected"
	}
	answered, err := answer(ctx, it.ID)
	switch {
	case errors.Is(err, app.ErrNotFollowRequest):
		return fail("cli.not_follow_request", "kind", kindName(env.Tr, it.Kind))
	case err != nil && !errors.Is(err, app.ErrFollowHandled) && errors.Is(err, app.ErrNotFound):
		return fail("cli.reply_account_gone")
	case err != nil:
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toItemJSON(answered))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T(key, "who", authorOf(answered)))
	return err
}

// replyJSON is what `inbox reply --json` prints: the reply's address and
// the item, now replied.
type replyJSON struct {
	URL  string   `json:"url"`
	Item itemJSON `json:"item"`
}

// MaxTextSize bounds the text `--text -` reads on standard input.
const MaxTextSize = 64 << 10

// inboxReply answers an item on its network.
func inboxReply(ctx context.Context, cmd Command, env Env) error {
	inbox, err := env.inbox()
	if err != nil {
		return err
	}
	text := cmd.Text
	if text == "-" {
		if text, err = readText(env.Stdin); err != nil {
			return err
		}
	}
	it, err := env.item(ctx, cmd.Item)
	if err != nil {
		return err
	}
	if cmd.Saved != "" {
		replies, err := inbox.SavedReplies(ctx)
		if err != nil {
			return err
		}
		saved, ok := app.SavedReplyNamed(replies, cmd.Saved)
		if !ok {
			names := make([]string, len(replies))
			for i, r := range replies {
				names[i] = r.Name
			}
			return fail("cli.no_saved_reply", "name", i18n.OneLine(cmd.Saved), "names", i18n.OneLine(strings.Join(names, ", ")))
		}
		text = app.FillReply(saved.Text, it)
	}
	reply := inbox.Reply
	if cmd.IgnoreProof {
		reply = inbox.ReplyIgnoringProofreading
	}
	replied, err := reply(ctx, it.ID, text)
	var notReady *app.NotReadyError
	switch {
	case errors.As(err, &notReady):
		return &refused{Key: "cli.reply_not_ready", Problems: notReady.Problems}
	case errors.Is(err, app.ErrNoReplyText):
		return fail("cli.reply_empty")
	case errors.Is(err, app.ErrReplyToDeleted):
		return fail("cli.reply_to_deleted")
	case errors.Is(err, app.ErrAlreadyReplied):
		return fail("cli.reply_already_sent")
	case errors.Is(err, app.ErrCannotReply):
		return fail("cli.cannot_reply", "kind", kindName(env.Tr, it.Kind))
	case errors.Is(err, app.ErrNotFound):
		return fail("cli.reply_account_gone")
	case err != nil:
		return err
	}
	url := ""
	if n := len(replied.Replies); n > 0 {
		url = replied.Replies[n-1].Published.URL
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, replyJSON{URL: url, Item: toItemJSON(replied)})
	}
	msg := env.Tr.T("cli.reply_sent_no_url")
	if url != "" {
		msg = env.Tr.T("cli.reply_sent", "url", i18n.OneLine(url))
	}
	_, err = fmt.Fprintln(env.Stdout, msg)
	return err
}

// readText reads a text given on standard input, whole: at most
// MaxTextSize bytes.
func readText(r io.Reader) (string, error) {
	if r == nil {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxTextSize+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxTextSize {
		return "", fail("cli.text_too_big", "size", strconv.Itoa(MaxTextSize>>10))
	}
	return string(b), nil
}

// refused is an action the core refused for problems the user can fix,
// said as a sentence (a translation key) then one problem a line.
type refused struct {
	Key      string
	Problems []app.Problem
}

func (e *refused) Error() string { return e.Key }

// now is the time by the command's clock.
func (env Env) now() time.Time {
	if env.Clock == nil {
		return time.Now()
	}
	return env.Clock.Now()
}

// accountText names an account in lists: "Mastodon @cm@masto.example",
// or its network and label.
func accountText(a app.Account) string {
	name := a.Name()
	if a.Label == "" && a.Handle != "" && a.Network != app.RSS {
		name = "@" + a.Handle
	}
	return a.Network.Name() + " " + i18n.OneLine(name)
}

// authorWidth is the most characters of an author a list shows, so that
// one long name does not pad every line of the list to its length.
const authorWidth = 32

// authorText names an item's author in lists: the handle, else the name,
// cut at authorWidth characters.
func authorText(it app.InboxItem) string {
	return app.Shorten(authorOf(it), authorWidth)
}

func authorOf(it app.InboxItem) string {
	a := it.Author
	switch {
	case a.Handle != "" && it.Network != app.RSS:
		return "@" + i18n.OneLine(strings.TrimPrefix(a.Handle, "@"))
	case a.Name != "":
		return i18n.OneLine(a.Name)
	case a.Handle != "":
		return i18n.OneLine(a.Handle)
	}
	return "-"
}

// snippetLength is how many characters of an item lists show.
const snippetLength = 60

// snippet is what lists show of an item: its title or the first line of
// its text, cut at a word.
func snippet(it app.InboxItem) string {
	s := strings.TrimSpace(it.Title)
	if s == "" {
		s = strings.TrimSpace(it.Text)
	}
	line, _, more := strings.Cut(s, "\n")
	line = i18n.OneLine(line)
	if utf8.RuneCountInString(line) > snippetLength {
		cut := string([]rune(line)[:snippetLength])
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
			cut = cut[:i]
		}
		return cut + "…"
	}
	if more {
		return line + " …"
	}
	return line
}

// stateText says an item's state in lists, with what else matters: a
// risk, a snooze, a post deleted on its network.
func (env Env) stateText(it app.InboxItem, now time.Time) string {
	s := stateName(env.Tr, it.State)
	if it.Risk {
		s += ", " + env.Tr.T("cli.item_risk")
	}
	if it.Snoozed(now) {
		s += ", " + env.Tr.T("cli.item_snoozed", "time", env.when(it.SnoozedUntil))
	}
	if it.Deleted {
		s += ", " + env.Tr.T("cli.item_deleted")
	}
	if it.Hidden && !it.Removed {
		s += ", " + env.Tr.T("cli.item_hidden")
	}
	switch it.Answer {
	case app.FollowAccepted, app.FollowRejected, app.FollowGone:
		s += ", " + env.Tr.T("cli.answer."+string(it.Answer))
	}
	return s
}

// kindName says a kind of item in the user's language.
func kindName(tr *i18n.Translator, k app.ItemKind) string {
	switch k {
	case app.ItemMention:
		return tr.T("cli.kind.mention")
	case app.ItemReply:
		return tr.T("cli.kind.reply")
	case app.ItemDirect:
		return tr.T("cli.kind.direct")
	case app.ItemQuote:
		return tr.T("cli.kind.quote")
	case app.ItemLike:
		return tr.T("cli.kind.like")
	case app.ItemBoost:
		return tr.T("cli.kind.boost")
	case app.ItemFollow:
		return tr.T("cli.kind.follow")
	case app.ItemFollowRequest:
		return tr.T("cli.kind.follow_request")
	case app.ItemArticle:
		return tr.T("cli.kind.article")
	}
	return string(k)
}

// stateName says a triage state in the user's language.
func stateName(tr *i18n.Translator, s app.TriageState) string {
	switch s {
	case app.StateNew:
		return tr.T("cli.state.new")
	case app.StateNeedsReply:
		return tr.T("cli.state.needs_reply")
	case app.StateReplied:
		return tr.T("cli.state.replied")
	case app.StateDone:
		return tr.T("cli.state.done")
	}
	return string(s)
}
