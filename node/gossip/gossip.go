package gossip

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

// ErrUnknownMember is returned by Send for a name that is not an alive
// member.
var ErrUnknownMember = errors.New("gossip: unknown member")

// ErrClosed is returned by methods called after Shutdown or Leave.
var ErrClosed = errors.New("gossip: closed")

// Gossip is one node's membership in the cluster. Its methods are safe for
// concurrent use.
type Gossip struct {
	cfg   Config
	ml    *memberlist.Memberlist
	queue *memberlist.TransmitLimitedQueue
	seen  *seenCache
	disp  *dispatcher

	metaMu sync.Mutex
	meta   []byte // encoded NodeMeta, returned to memberlist

	live      atomic.Pointer[memberlist.Memberlist] // ml, for callbacks that may run before New returns
	closed    atomic.Bool
	sent      atomic.Uint64
	delivered atomic.Uint64
	relayed   atomic.Uint64
	invalid   atomic.Uint64
}

// New starts a node: it binds the transport, then joins through cfg.Join
// (if given) and fails if no member answers.
func New(cfg Config) (*Gossip, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	mc, err := cfg.memberlistConfig()
	if err != nil {
		return nil, err
	}
	meta, _ := cfg.Meta.MarshalBinary() // checked by setDefaults
	g := &Gossip{cfg: cfg, meta: meta, seen: newSeenCache(cfg.SeenSize)}
	g.queue = &memberlist.TransmitLimitedQueue{
		NumNodes: func() int {
			if ml := g.live.Load(); ml != nil {
				return ml.NumMembers()
			}
			return 1
		},
		RetransmitMult: cfg.RetransmitMult,
	}
	g.disp = newDispatcher(cfg.OnMessage, cfg.OnEvent, cfg.InboxSize)
	mc.Delegate = (*delegate)(g)
	mc.Events = (*eventDelegate)(g)
	mc.Logger = log.New(cfg.LogOutput, "memberlist "+cfg.Name+": ", log.Lmicroseconds)
	mc.LogOutput = nil
	ml, err := memberlist.Create(mc)
	if err != nil {
		g.disp.close()
		return nil, fmt.Errorf("gossip: start %s: %w", cfg.Name, err)
	}
	g.ml = ml
	g.live.Store(ml)
	if len(cfg.Join) > 0 {
		if _, err := ml.Join(cfg.Join); err != nil {
			_ = ml.Shutdown()
			g.disp.close()
			return nil, fmt.Errorf("gossip: join %v: %w", cfg.Join, err)
		}
	}
	return g, nil
}

// Name is this node's name.
func (g *Gossip) Name() string { return g.cfg.Name }

// Addr is this node's advertised gossip address, host:port, which other
// nodes pass in Config.Join.
func (g *Gossip) Addr() string {
	n := g.ml.LocalNode()
	return net.JoinHostPort(n.Addr.String(), fmt.Sprint(n.Port))
}

// Join adds members reachable at addrs; it returns how many answered and
// an error only if none did.
func (g *Gossip) Join(addrs []string) (int, error) {
	if g.closed.Load() {
		return 0, ErrClosed
	}
	return g.ml.Join(addrs)
}

// Member is a snapshot of one cluster member.
type Member struct {
	Name    string
	Addr    string // gossip address
	Meta    NodeMeta
	MetaErr error // set when the member's metadata could not be decoded
}

// Members returns the alive and suspect members, this node included.
func (g *Gossip) Members() []Member {
	nodes := g.ml.Members()
	out := make([]Member, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, memberOf(n))
	}
	return out
}

// NumMembers is the number of alive and suspect members, this node included.
func (g *Gossip) NumMembers() int { return g.ml.NumMembers() }

func memberOf(n *memberlist.Node) Member {
	m := Member{Name: n.Name, Addr: n.Address()}
	m.MetaErr = m.Meta.UnmarshalBinary(n.Meta)
	return m
}

// Meta returns the metadata this node advertises.
func (g *Gossip) Meta() NodeMeta {
	g.metaMu.Lock()
	b := g.meta
	g.metaMu.Unlock()
	var m NodeMeta
	_ = m.UnmarshalBinary(b) // we encoded it
	return m
}

// SetMeta advertises new metadata. It returns at once when meta is
// unchanged; otherwise it waits until the update has been sent to at least
// one member or ctx's deadline (default 1 s) passes. A timeout is reported
// but the update stays queued and still spreads.
func (g *Gossip) SetMeta(ctx context.Context, meta NodeMeta) error {
	if g.closed.Load() {
		return ErrClosed
	}
	b, err := meta.MarshalBinary()
	if err != nil {
		return err
	}
	g.metaMu.Lock()
	same := string(b) == string(g.meta)
	g.meta = b
	g.metaMu.Unlock()
	if same {
		return nil
	}
	timeout := time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(d), time.Millisecond)
	}
	if err := g.ml.UpdateNode(timeout); err != nil {
		return fmt.Errorf("gossip: update metadata: %w", err)
	}
	return nil
}

// Broadcast sends m to every member (this node excluded): it is queued
// here, piggybacked on gossip, and relayed by every node that receives it,
// so it reaches every member connected to this one with high probability,
// once each. It does not block. ID and From are assigned; To must be empty.
func (g *Gossip) Broadcast(m Message) (MsgID, error) {
	if g.closed.Load() {
		return MsgID{}, ErrClosed
	}
	if m.To != "" {
		return MsgID{}, errors.New("gossip: broadcast with a recipient")
	}
	b, err := g.stamp(&m)
	if err != nil {
		return MsgID{}, err
	}
	if len(b) > MaxBroadcastSize {
		return MsgID{}, fmt.Errorf("%w: %d bytes, broadcasts take %d", ErrMessageTooLarge, len(b), MaxBroadcastSize)
	}
	g.seen.firstTime(m.ID)
	g.queue.QueueBroadcast(broadcast(b))
	g.sent.Add(1)
	return m.ID, nil
}

// Send delivers m to the member named to. Reliable messages go over a TCP
// stream (memberlist's SendReliable) and Send returns once the stream has
// been written; otherwise one UDP packet is sent (SendBestEffort), which may
// be lost. ctx is checked before sending; memberlist bounds the stream
// write by its own TCP timeout.
func (g *Gossip) Send(ctx context.Context, to string, m Message, reliable bool) (MsgID, error) {
	if g.closed.Load() {
		return MsgID{}, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return MsgID{}, err
	}
	node := g.lookup(to)
	if node == nil {
		return MsgID{}, fmt.Errorf("%w: %q", ErrUnknownMember, to)
	}
	m.To = to
	b, err := g.stamp(&m)
	if err != nil {
		return MsgID{}, err
	}
	limit := MaxMessageSize
	if !reliable {
		limit = MaxBroadcastSize
	}
	if len(b) > limit {
		return MsgID{}, fmt.Errorf("%w: %d bytes, limit %d", ErrMessageTooLarge, len(b), limit)
	}
	if reliable {
		err = g.ml.SendReliable(node, b)
	} else {
		err = g.ml.SendBestEffort(node, b)
	}
	if err != nil {
		return MsgID{}, fmt.Errorf("gossip: send %s to %s: %w", m.Kind, to, err)
	}
	g.sent.Add(1)
	return m.ID, nil
}

func (g *Gossip) stamp(m *Message) ([]byte, error) {
	if m.ID == (MsgID{}) {
		m.ID = NewMsgID()
	}
	m.From = g.cfg.Name
	return m.MarshalBinary()
}

func (g *Gossip) lookup(name string) *memberlist.Node {
	for _, n := range g.ml.Members() {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// Stats counts messages since New.
type Stats struct {
	Sent      uint64 // Broadcast and Send calls that succeeded
	Delivered uint64 // messages handed to the dispatcher (deduplicated)
	Relayed   uint64 // broadcasts re-queued for relay
	Invalid   uint64 // undecodable user messages received
	Dropped   uint64 // messages dropped because the inbox was full
	Queued    int    // broadcasts waiting in the transmit queue
}

// Stats returns the counters.
func (g *Gossip) Stats() Stats {
	return Stats{
		Sent:      g.sent.Load(),
		Delivered: g.delivered.Load(),
		Relayed:   g.relayed.Load(),
		Invalid:   g.invalid.Load(),
		Dropped:   g.disp.droppedCount(),
		Queued:    g.queue.NumQueued(),
	}
}

// Leave tells the cluster this node is leaving (members see EventLeft, not
// EventDead), waits up to ctx's deadline (default 1 s) for that to spread,
// and shuts down.
func (g *Gossip) Leave(ctx context.Context) error {
	if g.closed.Swap(true) {
		return nil
	}
	timeout := time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(d), time.Millisecond)
	}
	leaveErr := g.ml.Leave(timeout)
	err := g.ml.Shutdown()
	g.disp.close()
	return errors.Join(leaveErr, err)
}

// Shutdown stops the node at once, without telling anyone, as a crash
// would: other members detect it as dead. No handler is called after
// Shutdown returns, except one already running.
func (g *Gossip) Shutdown() error {
	if g.closed.Swap(true) {
		return nil
	}
	err := g.ml.Shutdown()
	g.disp.close()
	return err
}

// receive handles a user message from memberlist: decode, dedupe, relay
// broadcasts, deliver.
func (g *Gossip) receive(buf []byte) {
	var m Message
	if err := m.UnmarshalBinary(buf); err != nil {
		g.invalid.Add(1)
		return
	}
	if m.To != "" && m.To != g.cfg.Name {
		return
	}
	if m.From == g.cfg.Name || !g.seen.firstTime(m.ID) {
		return
	}
	if m.To == "" && len(buf) <= MaxBroadcastSize {
		g.queue.QueueBroadcast(broadcast(append([]byte(nil), buf...)))
		g.relayed.Add(1)
	}
	g.delivered.Add(1)
	g.disp.message(m)
}

// broadcast is one queued message; it never invalidates another, as every
// message has its own ID.
type broadcast []byte

func (b broadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b broadcast) Message() []byte                       { return b }
func (b broadcast) Finished()                             {}

// delegate is memberlist's view of a Gossip. memberlist calls it from its
// own goroutines; none of its methods block.
type delegate Gossip

func (d *delegate) NodeMeta(limit int) []byte {
	d.metaMu.Lock()
	defer d.metaMu.Unlock()
	if len(d.meta) > limit { // cannot happen: MarshalBinary checks the limit
		return nil
	}
	return d.meta
}

func (d *delegate) NotifyMsg(b []byte) { (*Gossip)(d).receive(b) }

func (d *delegate) GetBroadcasts(overhead, limit int) [][]byte {
	return d.queue.GetBroadcasts(overhead, limit)
}

func (d *delegate) LocalState(join bool) []byte            { return nil }
func (d *delegate) MergeRemoteState(buf []byte, join bool) {}
