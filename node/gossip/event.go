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
	(*Gossip)(e).markLeaving(n.Name, false)
	e.emit(EventJoined, n)
}

func (e *eventDelegate) NotifyUpdate(n *memberlist.Node) {
	e.emit(EventUpdated, n)
}

func (e *eventDelegate) NotifyLeave(n *memberlist.Node) {
	// memberlist passes a Node whose State is not updated: a leave and a
	// death look alike here, so use the intent broadcast by Leave.
	kind := EventDead
	if (*Gossip)(e).isLeaving(n.Name) {
		kind = EventLeft
	}
	e.emit(kind, n)
}

func (e *eventDelegate) emit(kind EventKind, n *memberlist.Node) {
	ev := Event{Kind: kind, Member: (*Gossip)(e).track(kind, n)}
	e.recon.observe(ev)
	e.disp.event(ev)
}
