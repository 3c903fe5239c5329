package gossip

import "github.com/hashicorp/memberlist"

// EventKind is what happened to a member.
type EventKind int

const (
	EventJoined  EventKind = iota + 1 // a member appeared (or came back)
	EventUpdated                      // a member's metadata changed
	EventLeft                         // a member left on purpose
	EventDead                         // a member stopped answering and was declared dead
)

func (k EventKind) String() string {
	switch k {
	case EventJoined:
		return "joined"
	case EventUpdated:
		return "updated"
	case EventLeft:
		return "left"
	case EventDead:
		return "dead"
	}
	return "event(?)"
}

// Event is a membership change. This node's own join is reported too.
type Event struct {
	Kind   EventKind
	Member Member
}

// eventDelegate receives memberlist's notifications; it only queues them.
type eventDelegate Gossip

func (e *eventDelegate) NotifyJoin(n *memberlist.Node) {
	e.disp.event(Event{Kind: EventJoined, Member: memberOf(n)})
}

func (e *eventDelegate) NotifyUpdate(n *memberlist.Node) {
	e.disp.event(Event{Kind: EventUpdated, Member: memberOf(n)})
}

func (e *eventDelegate) NotifyLeave(n *memberlist.Node) {
	kind := EventDead
	if n.State == memberlist.StateLeft {
		kind = EventLeft
	}
	e.disp.event(Event{Kind: kind, Member: memberOf(n)})
}
