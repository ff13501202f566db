package app

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// memInbox is an InboxStore in memory, for the services' tests.
type memInbox struct {
	imu     *sync.Mutex
	items   map[ID]InboxItem
	remote  map[string]ID
	cursors map[ID]string
	rules   []Rule
	replies []SavedReply
	// merges counts MergeInbox calls; failMerge makes the next one fail.
	merges    int
	failMerge error
}

func newMemInbox() memInbox {
	return memInbox{imu: new(sync.Mutex), items: map[ID]InboxItem{}, remote: map[string]ID{}, cursors: map[ID]string{}}
}

func remoteKey(account ID, remoteID string) string { return account.String() + "\x00" + remoteID }

func (m *memInbox) MergeInbox(ctx context.Context, account ID, cursor string, items []InboxItem) ([]InboxItem, error) {
	m.imu.Lock()
	defer m.imu.Unlock()
	m.merges++
	if err := m.failMerge; err != nil {
		m.failMerge = nil
		return nil, err
	}
	var out []InboxItem
	for _, it := range items {
		k := remoteKey(account, it.RemoteID)
		if _, ok := m.remote[k]; ok {
			continue
		}
		m.remote[k] = it.ID
		m.items[it.ID] = it
		out = append(out, it)
	}
	m.cursors[account] = cursor
	return out, ctx.Err()
}

func (m *memInbox) InboxCursor(ctx context.Context, account ID) (string, error) {
	m.imu.Lock()
	defer m.imu.Unlock()
	return m.cursors[account], ctx.Err()
}

func (m *memInbox) PutInboxItems(ctx context.Context, items []InboxItem) error {
	m.imu.Lock()
	defer m.imu.Unlock()
	for _, it := range items {
		m.items[it.ID] = it
	}
	return ctx.Err()
}

func (m *memInbox) InboxItem(ctx context.Context, id ID) (InboxItem, error) {
	m.imu.Lock()
	defer m.imu.Unlock()
	it, ok := m.items[id]
	if !ok {
		return InboxItem{}, fmt.Errorf("item %s: %w", id, ErrNotFound)
	}
	return it, nil
}

func (m *memInbox) InboxItems(ctx context.Context, fn func(InboxItem) bool) error {
	m.imu.Lock()
	defer m.imu.Unlock()
	for _, it := range m.items {
		if !fn(it) {
			break
		}
	}
	return ctx.Err()
}

func (m *memInbox) DeleteInbox(ctx context.Context, account ID) error {
	m.imu.Lock()
	defer m.imu.Unlock()
	for id, it := range m.items {
		if it.Account == account {
			delete(m.items, id)
			delete(m.remote, remoteKey(account, it.RemoteID))
		}
	}
	delete(m.cursors, account)
	return ctx.Err()
}

func (m *memInbox) Rules(ctx context.Context) ([]Rule, error) {
	m.imu.Lock()
	defer m.imu.Unlock()
	return slices.Clone(m.rules), ctx.Err()
}

func (m *memInbox) PutRules(ctx context.Context, rules []Rule) error {
	m.imu.Lock()
	defer m.imu.Unlock()
	m.rules = slices.Clone(rules)
	return ctx.Err()
}

func (m *memInbox) SavedReplies(ctx context.Context) ([]SavedReply, error) {
	m.imu.Lock()
	defer m.imu.Unlock()
	return slices.Clone(m.replies), ctx.Err()
}

func (m *memInbox) PutSavedReplies(ctx context.Context, replies []SavedReply) error {
	m.imu.Lock()
	defer m.imu.Unlock()
	m.replies = slices.Clone(replies)
	return ctx.Err()
}
