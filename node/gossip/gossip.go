package gossip

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"slices"
	"strings"
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
	recon *reconnector

	metaMu sync.Mutex
	meta   []byte // encoded NodeMeta, returned to memberlist

	membersMu sync.Mutex
	members   map[string]memberEntry // alive and suspect members by name

	leavingMu sync.Mutex
	leaving   map[string]time.Time // members that announced they are leaving

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
	g := &Gossip{cfg: cfg, meta: meta, seen: newSeenCache(cfg.SeenSize), leaving: map[string]time.Time{}, members: map[string]memberEntry{}}
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
	g.recon = newReconnector(g, cfg.ReconnectInterval, cfg.ReconnectTimeout)
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
	go g.recon.run()
	return g, nil
}

// Name is this node's name.
func (g *Gossip) Name() string { return g.cfg.Name }

// Addr is this node's advertised gossip address, host:port, which other
// nodes pass in Config.Join.
func (g *Gossip) Addr() string {
	m, _ := g.Member(g.cfg.Name) // memberlist reports its own join
	return m.Addr
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

// Members returns the alive and suspect members, this node included,
// sorted by name.
func (g *Gossip) Members() []Member {
	g.membersMu.Lock()
	out := make([]Member, 0, len(g.members))
	for _, m := range g.members {
		out = append(out, m.Member)
	}
	g.membersMu.Unlock()
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Member returns the member called name, if alive or suspect.
func (g *Gossip) Member(name string) (Member, bool) {
	g.membersMu.Lock()
	defer g.membersMu.Unlock()
	m, ok := g.members[name]
	return m.Member, ok
}

// NumMembers is the number of alive and suspect members, this node included.
func (g *Gossip) NumMembers() int {
	g.membersMu.Lock()
	defer g.membersMu.Unlock()
	return len(g.members)
}

// memberEntry is a member with what Send needs to reach it.
type memberEntry struct {
	Member
	ip   net.IP
	port uint16
}

// track updates the member table from a memberlist notification; n is
// only read during the call (memberlist mutates it later without locks,
// which is why the table exists).
func (g *Gossip) track(kind EventKind, n *memberlist.Node) Member {
	e := memberEntry{Member: Member{Name: n.Name, Addr: n.Address()}, ip: slices.Clone(n.Addr), port: n.Port}
	e.MetaErr = e.Meta.UnmarshalBinary(n.Meta)
	g.membersMu.Lock()
	defer g.membersMu.Unlock()
	if kind == EventLeft || kind == EventDead {
		delete(g.members, n.Name)
	} else {
		g.members[n.Name] = e
	}
	return e.Member
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
	g.queue.QueueBroadcast(broadcast{msg: b})
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
	g.membersMu.Lock()
	defer g.membersMu.Unlock()
	e, ok := g.members[name]
	if !ok {
		return nil
	}
	return &memberlist.Node{Name: e.Name, Addr: e.ip, Port: e.port}
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

// Leave tells the cluster this node is leaving, waits up to ctx's deadline
// (default 2 s) for that to spread, and shuts down. Members see EventLeft,
// except those the announcement did not reach in time, which see
// EventDead.
//
// memberlist reports a leave and a death alike to its event delegate, so
// the node first broadcasts its intent to leave and waits until that has
// been retransmitted fully (about half the time left), then makes
// memberlist's leave.
func (g *Gossip) Leave(ctx context.Context) error {
	if g.closed.Swap(true) {
		return nil
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(2 * time.Second)
	}
	g.recon.close()
	intent, _ := Message{ID: NewMsgID(), Kind: kindLeaving, From: g.cfg.Name}.MarshalBinary()
	sent := make(chan struct{})
	g.queue.QueueBroadcast(broadcast{msg: intent, finished: sent})
	half := time.NewTimer(time.Until(deadline) / 2)
	select {
	case <-sent:
	case <-half.C:
	case <-ctx.Done():
	}
	half.Stop()
	leaveErr := g.ml.Leave(max(time.Until(deadline), time.Millisecond))
	g.recon.close()
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
	g.recon.close()
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
		g.queue.QueueBroadcast(broadcast{msg: append([]byte(nil), buf...)})
		g.relayed.Add(1)
	}
	if m.Kind == kindLeaving {
		g.markLeaving(m.From, true)
		return
	}
	g.delivered.Add(1)
	g.disp.message(m)
}

// markLeaving records (or clears) that name announced it is leaving;
// entries older than a minute are pruned.
func (g *Gossip) markLeaving(name string, on bool) {
	g.leavingMu.Lock()
	defer g.leavingMu.Unlock()
	now := time.Now()
	for n, t := range g.leaving {
		if now.Sub(t) > time.Minute {
			delete(g.leaving, n)
		}
	}
	if on {
		g.leaving[name] = now
	} else {
		delete(g.leaving, name)
	}
}

func (g *Gossip) isLeaving(name string) bool {
	g.leavingMu.Lock()
	defer g.leavingMu.Unlock()
	_, ok := g.leaving[name]
	return ok
}

// broadcast is one queued message; it never invalidates another, as every
// message has its own ID. finished, if set, is closed when the queue has
// retransmitted it as often as it will.
type broadcast struct {
	msg      []byte
	finished chan struct{}
}

func (b broadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b broadcast) Message() []byte                       { return b.msg }
func (b broadcast) Finished() {
	if b.finished != nil {
		close(b.finished)
	}
}

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
