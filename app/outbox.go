package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Attempt is the outbox journal's record of one variant of one post going
// out, at one occurrence. It is written before the request leaves, with
// the key the network's idempotency uses, so that after a crash, a kill
// or a dropped connection the next run settles what happened instead of
// posting again.
type Attempt struct {
	// ID names the attempt: the post, the target and the occurrence
	// (see AttemptID). There is one attempt per occurrence, ever.
	ID      string
	Post    ID
	Target  Target
	Account ID
	// Due is when the occurrence was planned.
	Due time.Time
	// Key is the idempotency key, chosen once, before the first request.
	Key   string
	State AttemptState
	// Tries counts the requests made.
	Tries int
	// NextTry is when to try again after a failure that may pass.
	NextTry time.Time
	// Approved is set when the user asked for this post to go out now,
	// late or not (Publish now, or the answer to a held post).
	Approved bool
	// Published is where the post is, once sent.
	Published Published
	// Steps are what the connector recorded on the way (Outgoing.Steps):
	// a Meta container made for the post, to be published rather than
	// made again.
	Steps map[string]string
	// Failure and Problem say why the last try failed: its kind, and the
	// connector's words. Message is the server's own words, Reason a
	// code of Relais's own reasons (see Err).
	Failure Failure
	Problem string
	Message string
	Reason  string
	// Status is the last HTTP status, 0 if none.
	Status    int
	StartedAt time.Time
	UpdatedAt time.Time
}

// AttemptState is where an attempt stands.
type AttemptState string

// The states of an attempt.
const (
	// AttemptSending: the key is chosen and a request may have left;
	// what the network did is not known yet.
	AttemptSending AttemptState = "sending"
	// AttemptWaiting: a try failed in a way that may pass (offline,
	// server trouble, rate limit); the next one is at NextTry.
	AttemptWaiting AttemptState = "waiting"
	// AttemptHeld: due while Relais could not publish, late enough that
	// the user asked to be asked first.
	AttemptHeld AttemptState = "held"
	// AttemptSent: the network has the post.
	AttemptSent AttemptState = "sent"
	// AttemptFailed: the network refused it for good.
	AttemptFailed AttemptState = "failed"
	// AttemptSkipped: not sent, by the user's choice or the late policy.
	AttemptSkipped AttemptState = "skipped"
)

// Done reports whether nothing more will happen to the attempt by itself.
func (s AttemptState) Done() bool {
	return s == AttemptSent || s == AttemptFailed || s == AttemptSkipped
}

// AttemptID names the attempt of a post's target at one occurrence.
func AttemptID(post ID, t Target, due time.Time) string {
	return post.String() + "/" + t.Key() + "/" + strconv.FormatInt(due.UTC().Unix(), 10)
}

// OutboxStore keeps the outbox journal. PutAttempt returns only once the
// attempt is on disk.
type OutboxStore interface {
	PutAttempt(ctx context.Context, a Attempt) error
	// Attempt returns the attempt with this ID, or ErrNotFound.
	Attempt(ctx context.Context, id string) (Attempt, error)
	// OpenAttempts returns the attempts not done (sending, waiting, held).
	OpenAttempts(ctx context.Context) ([]Attempt, error)
	// PostAttempts returns every attempt of a post, oldest occurrence
	// first.
	PostAttempts(ctx context.Context, post ID) ([]Attempt, error)
	// SentAttempts calls fn with every attempt in the sent state, in no
	// particular order, until fn returns false. fn must not call the
	// store.
	SentAttempts(ctx context.Context, fn func(Attempt) bool) error
}

// tidAlphabet is the AT Protocol's base32-sortable alphabet.
const tidAlphabet = "234567abcdefghijklmnopqrstuvwxyz"

// NewAttemptKey returns a fresh idempotency key for an attempt made at t.
// It is shaped as an AT Protocol TID (13 characters: the microseconds since
// 1970 and a random clock ID, base32-sortable), so that Bluesky can use it
// as the post's record key and Mastodon as its Idempotency-Key.
func NewAttemptKey(t time.Time) string {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("app: reading random bytes: " + err.Error())
	}
	clockID := uint64(binary.BigEndian.Uint16(b[:]) & 0x3ff)
	v := uint64(t.UnixMicro())&(1<<53-1)<<10 | clockID
	var out [13]byte
	for i := 12; i >= 0; i-- {
		out[i] = tidAlphabet[v&31]
		v >>= 5
	}
	return string(out[:])
}

// AttemptKeyTime reads the time an attempt's key was made at, when the
// key is one NewAttemptKey made: networks without idempotency settle a
// lost answer by reading the account's posts back to that time.
func AttemptKeyTime(key string) (time.Time, bool) {
	if len(key) != 13 {
		return time.Time{}, false
	}
	var v uint64
	for i := 0; i < len(key); i++ {
		d := strings.IndexByte(tidAlphabet, key[i])
		if d < 0 || (i == 0 && d >= 16) {
			return time.Time{}, false
		}
		v = v<<5 | uint64(d)
	}
	t := time.UnixMicro(int64(v >> 10))
	if t.Year() < 2020 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// reasons are the codes of Relais's own reasons for an attempt that did
// not go out, stored in Attempt.Reason.
var reasons = map[string]error{
	"no_account":          ErrNoAccount,
	"which_account":       ErrWhichAccount,
	"account_gone":        ErrAccountGone,
	"cannot_publish":      ErrCannotPublish,
	"no_longer_scheduled": ErrNoLongerScheduled,
	"too_late":            ErrTooLate,
	"no_secret":           ErrNoSecret,
	"keychain":            ErrKeychainUnavailable,
	"not_connectable":     ErrNotConnectable,
	"page_role":           ErrPageRole,
	"media_unfetched":     ErrMediaUnfetched,
}

// reasonOf is the code of err's reason, "" for none of Relais's own.
func reasonOf(err error) string {
	if code := metaReasonOf(err); code != "" {
		return code
	}
	for code, sentinel := range reasons {
		if errors.Is(err, sentinel) {
			return code
		}
	}
	return ""
}

// Err is why the attempt did not go out, as an error the screens can say
// in plain words: the network's failure with the server's words, one of
// Relais's own reasons, or the recorded text; nil when nothing failed.
func (a Attempt) Err() error {
	switch {
	case a.Failure != 0:
		// The network's failure, with what Relais made of it (a
		// permission Meta asks for) when it knew.
		return &NetError{Network: a.Target.Network, Kind: a.Failure, Status: a.Status, Message: a.Message, Err: reasonErr(a.Reason)}
	case reasons[a.Reason] != nil:
		return &TargetError{Network: a.Target.Network, Err: reasons[a.Reason]}
	case a.Problem != "":
		return errors.New(a.Problem)
	}
	return nil
}

// attemptSteps records a connector's steps in the attempt under way, and
// puts it in the journal at once.
type attemptSteps struct {
	store OutboxStore
	mu    sync.Mutex
	a     *Attempt
}

// Step implements StepRecorder.
func (s *attemptSteps) Step(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.a.Steps[name]
}

// RecordStep implements StepRecorder.
func (s *attemptSteps) RecordStep(ctx context.Context, name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	steps := make(map[string]string, len(s.a.Steps)+1)
	for k, v := range s.a.Steps {
		steps[k] = v
	}
	steps[name] = value
	s.a.Steps = steps
	if err := s.store.PutAttempt(context.WithoutCancel(ctx), *s.a); err != nil {
		return fmt.Errorf("recording a step of the attempt in the outbox: %w", err)
	}
	return nil
}
