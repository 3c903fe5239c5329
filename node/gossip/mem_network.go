package gossip

import (
	"errors"
	"fmt"
	"math/rand"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/memberlist"
)

// LinkConfig describes one direction of a link between two transports.
type LinkConfig struct {
	Latency time.Duration // one-way delay of every packet and of a dial
	Jitter  time.Duration // extra delay, uniform in [0, Jitter)
	Loss    float64       // probability that a packet is dropped, 0..1
}

// MemStats counts packets since NewMemNetwork.
type MemStats struct {
	Packets    uint64 // packets written
	Lost       uint64 // dropped by loss or partitions
	Overflow   uint64 // dropped because the receiver's buffer was full
	Unroutable uint64 // sent to an address with no live transport
}

// MemNetwork connects in-memory memberlist Transports. Packets are
// delivered asynchronously after the link's latency, or dropped (loss, a
// partition, a full receive buffer, a dead receiver); nothing a sender does
// ever blocks on a receiver. Streams are in-memory pipes, refused at once
// when the receiver is dead and after the dial timeout when it is
// partitioned away. Safe for concurrent use.
type MemNetwork struct {
	clock Clock

	mu       sync.Mutex
	rng      *rand.Rand
	def      LinkConfig
	links    map[[2]string]LinkConfig // (from, to) address
	nodes    map[string]*MemTransport // live transports by address
	group    map[string]int           // partition group by address; absent: 0
	nextPort int
	stats    MemStats
	changed  chan struct{} // closed and replaced when partitions change
}

// NewMemNetwork returns an empty network on the real clock whose random
// choices (loss, jitter) derive from seed.
func NewMemNetwork(seed int64) *MemNetwork {
	return &MemNetwork{
		clock:    RealClock{},
		rng:      rand.New(rand.NewSource(seed)),
		links:    map[[2]string]LinkConfig{},
		nodes:    map[string]*MemTransport{},
		group:    map[string]int{},
		nextPort: 20000,
		changed:  make(chan struct{}),
	}
}

// SetClock replaces the clock; call it before creating transports.
func (n *MemNetwork) SetClock(c Clock) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.clock = c
}

// SetDefaultLink sets the link used between addresses without SetLink.
func (n *MemNetwork) SetDefaultLink(l LinkConfig) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.def = l
}

// SetLink sets the link from address a to address b and back.
func (n *MemNetwork) SetLink(a, b string, l LinkConfig) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.links[[2]string{a, b}] = l
	n.links[[2]string{b, a}] = l
}

// Partition splits the network: addresses in different groups cannot
// reach each other; addresses in no group form one more group together.
func (n *MemNetwork) Partition(groups ...[]string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.group = map[string]int{}
	for i, g := range groups {
		for _, a := range g {
			n.group[a] = i + 1
		}
	}
	close(n.changed)
	n.changed = make(chan struct{})
}

// topologyChanged returns a channel closed at the next Partition or Heal.
func (n *MemNetwork) topologyChanged() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.changed
}

// Heal removes every partition.
func (n *MemNetwork) Heal() { n.Partition() }

// Stats returns the packet counters.
func (n *MemNetwork) Stats() MemStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}

// NewTransport returns a transport at a fresh address 127.0.0.1:PORT (the
// address exists only inside this network). Pass it as Config.Transport.
func (n *MemNetwork) NewTransport() *MemTransport {
	n.mu.Lock()
	defer n.mu.Unlock()
	port := n.nextPort
	n.nextPort++
	t := &MemTransport{
		net:      n,
		addr:     memAddr(net.JoinHostPort("127.0.0.1", strconv.Itoa(port))),
		port:     port,
		packetCh: make(chan *memberlist.Packet, 1024),
		streamCh: make(chan net.Conn, 64),
		done:     make(chan struct{}),
		conns:    map[*memConn]struct{}{},
	}
	n.nodes[string(t.addr)] = t
	return t
}

// route decides the fate of something sent from→to: the live receiver and
// the delay, or why not.
func (n *MemNetwork) route(from, to string, packet bool) (*MemTransport, time.Duration, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if packet {
		n.stats.Packets++
	}
	dst := n.nodes[to]
	if dst == nil {
		if packet {
			n.stats.Unroutable++
		}
		return nil, 0, errRefused
	}
	if n.group[from] != n.group[to] {
		if packet {
			n.stats.Lost++
		}
		return nil, 0, errPartitioned
	}
	l, ok := n.links[[2]string{from, to}]
	if !ok {
		l = n.def
	}
	if packet && l.Loss > 0 && n.rng.Float64() < l.Loss {
		n.stats.Lost++
		return nil, 0, errPartitioned
	}
	d := l.Latency
	if l.Jitter > 0 {
		d += time.Duration(n.rng.Int63n(int64(l.Jitter)))
	}
	return dst, d, nil
}

func (n *MemNetwork) remove(t *MemTransport) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.nodes[string(t.addr)] == t {
		delete(n.nodes, string(t.addr))
	}
}

func (n *MemNetwork) countOverflow() {
	n.mu.Lock()
	n.stats.Overflow++
	n.mu.Unlock()
}

func (n *MemNetwork) now() time.Time {
	n.mu.Lock()
	c := n.clock
	n.mu.Unlock()
	return c.Now()
}

func (n *MemNetwork) after(d time.Duration, f func()) {
	if d <= 0 {
		f()
		return
	}
	n.mu.Lock()
	c := n.clock
	n.mu.Unlock()
	c.AfterFunc(d, f)
}

var (
	errRefused     = errors.New("connection refused")
	errPartitioned = errors.New("i/o timeout")
)

// memAddr is an address inside a MemNetwork.
type memAddr string

func (a memAddr) Network() string { return "mem" }
func (a memAddr) String() string  { return string(a) }

// MemTransport is one node's memberlist.Transport on a MemNetwork.
// WriteTo never blocks; DialTimeout blocks at most for its timeout.
type MemTransport struct {
	net      *MemNetwork
	addr     memAddr
	port     int
	packetCh chan *memberlist.Packet
	streamCh chan net.Conn
	done     chan struct{}
	once     sync.Once

	mu    sync.Mutex
	conns map[*memConn]struct{}
}

var _ memberlist.Transport = (*MemTransport)(nil)

// Addr is the transport's address, for Config.Join and MemNetwork's
// link and partition settings.
func (t *MemTransport) Addr() string { return string(t.addr) }

// FinalAdvertiseAddr returns the transport's own address whatever is asked.
func (t *MemTransport) FinalAdvertiseAddr(string, int) (net.IP, int, error) {
	return net.IPv4(127, 0, 0, 1), t.port, nil
}

// WriteTo sends one packet; it returns at once and never reports loss.
func (t *MemTransport) WriteTo(b []byte, addr string) (time.Time, error) {
	now := t.net.now()
	if t.isDead() {
		return now, errors.New("transport shut down")
	}
	dst, delay, err := t.net.route(string(t.addr), addr, true)
	if err != nil {
		return now, nil // lost like a UDP packet
	}
	buf := append([]byte(nil), b...)
	from := t.addr
	t.net.after(delay, func() {
		p := &memberlist.Packet{Buf: buf, From: from, Timestamp: t.net.now()}
		select {
		case <-dst.done:
		case dst.packetCh <- p:
		default:
			t.net.countOverflow()
		}
	})
	return now, nil
}

// PacketCh delivers received packets; it is never closed.
func (t *MemTransport) PacketCh() <-chan *memberlist.Packet { return t.packetCh }

// StreamCh delivers accepted streams; it is never closed.
func (t *MemTransport) StreamCh() <-chan net.Conn { return t.streamCh }

// DialTimeout opens a stream to addr. It fails at once when addr has no
// live transport; when addr is partitioned away it waits, like a TCP
// connect retrying its SYN, until the partition heals or timeout passes.
func (t *MemTransport) DialTimeout(addr string, timeout time.Duration) (net.Conn, error) {
	if t.isDead() {
		return nil, errors.New("transport shut down")
	}
	expired := make(chan struct{})
	t.net.after(timeout, func() { close(expired) })
	var dst *MemTransport
	var delay time.Duration
	for {
		changed := t.net.topologyChanged()
		var err error
		dst, delay, err = t.net.route(string(t.addr), addr, false)
		if err == nil {
			break
		}
		if err == errRefused {
			return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: err}
		}
		select {
		case <-changed:
			continue
		case <-expired:
		case <-t.done:
		}
		return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: err}
	}
	if delay > 0 {
		arrived := make(chan struct{})
		t.net.after(delay, func() { close(arrived) })
		select {
		case <-arrived:
		case <-expired:
			return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: errPartitioned}
		}
	}
	a, b := net.Pipe()
	local := t.track(&memConn{Conn: a, local: t.addr, remote: dst.addr})
	remote := dst.track(&memConn{Conn: b, local: dst.addr, remote: t.addr})
	if local == nil || remote == nil {
		_ = a.Close()
		_ = b.Close()
		return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: errRefused}
	}
	select {
	case dst.streamCh <- remote:
		return local, nil
	case <-dst.done:
	case <-t.done:
	case <-expired:
	}
	_ = local.Close()
	_ = remote.Close()
	return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(addr), Err: fmt.Errorf("not accepted: %w", errPartitioned)}
}

// Shutdown takes the transport off the network: packets to it are dropped,
// dials to it are refused, and its open streams are closed.
func (t *MemTransport) Shutdown() error {
	t.once.Do(func() {
		t.net.remove(t)
		t.mu.Lock()
		close(t.done)
		conns := t.conns
		t.conns = nil
		t.mu.Unlock()
		for c := range conns {
			_ = c.Conn.Close()
		}
		for {
			select {
			case c := <-t.streamCh:
				_ = c.Close()
			default:
				return
			}
		}
	})
	return nil
}

func (t *MemTransport) isDead() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// track registers c for closing at Shutdown; nil if already shut down.
func (t *MemTransport) track(c *memConn) *memConn {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conns == nil {
		return nil
	}
	c.owner = t
	t.conns[c] = struct{}{}
	return c
}

// memConn is one end of an in-memory stream, with addresses.
type memConn struct {
	net.Conn
	local, remote memAddr
	owner         *MemTransport
}

func (c *memConn) LocalAddr() net.Addr  { return c.local }
func (c *memConn) RemoteAddr() net.Addr { return c.remote }

func (c *memConn) Close() error {
	c.owner.mu.Lock()
	if c.owner.conns != nil {
		delete(c.owner.conns, c)
	}
	c.owner.mu.Unlock()
	return c.Conn.Close()
}
