package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/relais-app/relais/app"
)

// upcomingCount is how many of the next posts queue list shows per queue.
const upcomingCount = 10

// queueJSON is the shape of a queue in --json output; like draftJSON, a
// contract for scripts.
type queueJSON struct {
	Network  string      `json:"network"`
	Account  string      `json:"account,omitempty"`
	Zone     string      `json:"zone"`  // the zone the slots are in; "" for local time
	Slots    []string    `json:"slots"` // as --slot reads them: "mon 09:00"
	Upcoming []draftJSON `json:"upcoming"`
}

func (env Env) queueJSON(q app.Queue, upcoming []app.Post) queueJSON {
	out := queueJSON{
		Network: string(q.Target.Network), Zone: env.queueZone(q),
		Slots: []string{}, Upcoming: []draftJSON{},
	}
	if !q.Target.Account.IsZero() {
		out.Account = q.Target.Account.String()
	}
	for _, s := range q.Slots {
		out.Slots = append(out.Slots, slotCode(s))
	}
	for _, p := range upcoming {
		out.Upcoming = append(out.Upcoming, toJSON(p))
	}
	return out
}

// queueZone names the zone of a queue's slots: its own, or the user's;
// "" when the system does not name the user's.
func (env Env) queueZone(q app.Queue) string {
	if q.Zone != "" {
		return q.Zone
	}
	return env.zoneName()
}

// zoneText names a zone for the user.
func (env Env) zoneText(name string) string {
	if name == "" {
		return env.Tr.T("cli.local_time")
	}
	return name
}

// slotList writes a queue's slots for the user: "Mon 09:00, Fri 18:30".
func (env Env) slotList(q app.Queue) string {
	if len(q.Slots) == 0 {
		return env.Tr.T("cli.queue_no_slots_short")
	}
	parts := make([]string, len(q.Slots))
	for i, s := range q.Slots {
		parts[i] = slotText(env.Tr, s)
	}
	return strings.Join(parts, ", ")
}

// queueSlots sets the weekly slots of a network's queue.
func queueSlots(ctx context.Context, cmd Command, env Env) error {
	q, err := env.Calendar.SaveQueue(ctx, app.Queue{
		Target: app.Target{Network: cmd.Network}, Zone: cmd.Zone, Slots: cmd.Slots,
	})
	if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, env.queueJSON(q, nil))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.queue_saved",
		"network", q.Target.Network.Name(), "slots", env.slotList(q), "zone", env.zoneText(env.queueZone(q))))
	return err
}

// queueAdd plans a post in the next free slot of a network's queue.
func queueAdd(ctx context.Context, cmd Command, env Env) error {
	t := app.Target{Network: cmd.Network}
	q, err := env.Calendar.Queue(ctx, t)
	if err != nil {
		return err
	}
	if len(q.Slots) == 0 {
		return fail("cli.queue_no_slots", "network", t.Network.Name(), "kind", string(t.Network))
	}
	p, err := env.Calendar.AddToQueue(ctx, cmd.ID, t)
	if errors.Is(err, app.ErrQueueFull) {
		return fail("cli.queue_full", "network", t.Network.Name())
	} else if err != nil {
		return err
	}
	if cmd.JSON {
		return writeJSON(env.Stdout, toJSON(p))
	}
	_, err = fmt.Fprintln(env.Stdout, env.Tr.T("cli.queued",
		"id", p.ID.String(), "time", env.when(p.PlannedAt), "network", t.Network.Name()))
	return err
}

// queueList shows the queues, or one, with their slots and the next posts
// they send.
func queueList(ctx context.Context, cmd Command, env Env) error {
	var queues []app.Queue
	if cmd.Network != "" {
		q, err := env.Calendar.Queue(ctx, app.Target{Network: cmd.Network})
		if err != nil {
			return err
		}
		queues = []app.Queue{q}
	} else {
		var err error
		if queues, err = env.Calendar.Queues(ctx); err != nil {
			return err
		}
	}
	upcoming := make([][]app.Post, len(queues))
	for i, q := range queues {
		posts, err := env.Calendar.Upcoming(ctx, q.Target, upcomingCount)
		if err != nil {
			return err
		}
		upcoming[i] = posts
	}
	if cmd.JSON {
		out := make([]queueJSON, len(queues))
		for i, q := range queues {
			out[i] = env.queueJSON(q, upcoming[i])
		}
		return writeJSON(env.Stdout, out)
	}
	if len(queues) == 0 {
		_, err := fmt.Fprintln(env.Stdout, env.Tr.T("cli.no_queues"))
		return err
	}
	for i, q := range queues {
		fmt.Fprintln(env.Stdout, env.Tr.T("cli.queue_line",
			"network", q.Target.Network.Name(), "zone", env.zoneText(env.queueZone(q)), "slots", env.slotList(q)))
		if len(upcoming[i]) == 0 {
			fmt.Fprintln(env.Stdout, "  "+env.Tr.T("cli.queue_empty"))
			continue
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		for _, p := range upcoming[i] {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", env.when(p.PlannedAt), p.ID, statusName(env.Tr, p.Status), headline(p))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
