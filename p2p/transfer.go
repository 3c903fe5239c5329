package p2p

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/p2p/net/gostream"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	grpcpeer "google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// gRPC flow-control windows for transfers between peers: large enough
// that one connection keeps a LAN link busy with several chunks in flight.
const (
	streamWindow = 4 << 20
	connWindow   = 32 << 20
	// ioBuffer is gRPC's read and write buffer per connection: each flush
	// becomes one yamux frame, so larger buffers mean fewer frames.
	ioBuffer = 256 << 10
)

// transport carries the store's gRPC services between peers over libp2p
// streams of StoreProtocol: one stream per pair of peers, HTTP/2 inside.
// libp2p has already authenticated the remote peer ID (and, under a PSK,
// its cluster membership) when a stream opens.
type transport struct {
	n      *Node
	server *grpc.Server
	ln     net.Listener

	mu      sync.Mutex
	clients map[peer.ID]*peerClient
}

// peerClient is the store of one peer, over one connection.
type peerClient struct {
	conn *grpc.ClientConn
	st   *store.Store // verifying store clients
}

// startTransport serves st to peers.
func startTransport(n *Node, st *store.Store) (*transport, error) {
	ln, err := gostream.Listen(n.host, StoreProtocol)
	if err != nil {
		return nil, fmt.Errorf("p2p: listen %s: %w", StoreProtocol, err)
	}
	t := &transport{n: n, ln: ln, clients: make(map[peer.ID]*peerClient)}
	opts := append(grpcstore.ServerOptions(),
		grpc.InitialWindowSize(streamWindow),
		grpc.InitialConnWindowSize(connWindow),
		grpc.ReadBufferSize(ioBuffer),
		grpc.WriteBufferSize(ioBuffer),
		grpc.ChainUnaryInterceptor(t.authUnary),
		grpc.ChainStreamInterceptor(t.authStream),
	)
	t.server = grpc.NewServer(opts...)
	grpcstore.Register(t.server, st, nil)
	go t.server.Serve(ln) // returns when the listener closes
	return t, nil
}

// remotePeer is the authenticated peer ID of a call's caller.
func remotePeer(ctx context.Context) (peer.ID, error) {
	p, ok := grpcpeer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "", status.Error(codes.Unauthenticated, "p2p: call without a peer")
	}
	id, err := peer.Decode(p.Addr.String())
	if err != nil {
		return "", status.Errorf(codes.Unauthenticated, "p2p: caller %q is not a libp2p peer", p.Addr)
	}
	return id, nil
}

// authorize admits a caller when Config.AllowPeer (if any) allows it.
func (t *transport) authorize(ctx context.Context) error {
	id, err := remotePeer(ctx)
	if err != nil {
		return err
	}
	if f := t.n.cfg.AllowPeer; f != nil && !f(id) {
		fmt.Fprintf(t.n.cfg.Log, "p2p: refused store call from %s\n", id)
		return status.Errorf(codes.PermissionDenied, "p2p: peer %s is not allowed", id)
	}
	return nil
}

func (t *transport) authUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if err := t.authorize(ctx); err != nil {
		return nil, err
	}
	return h(ctx, req)
}

func (t *transport) authStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	if err := t.authorize(ss.Context()); err != nil {
		return err
	}
	return h(srv, ss)
}

// peerStore returns the store served by peer ai.ID, whose reads are
// verified by the grpcstore clients. Addresses in ai are remembered for
// dialing. The store must not be closed; the transport owns it.
func (t *transport) peerStore(ai peer.AddrInfo) (*store.Store, error) {
	pc, err := t.peer(ai)
	if err != nil {
		return nil, err
	}
	return pc.st, nil
}

// peer returns the client of peer ai.ID (see peerStore).
func (t *transport) peer(ai peer.AddrInfo) (*peerClient, error) {
	if len(ai.Addrs) > 0 {
		t.n.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, peerstore.TempAddrTTL)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if c, ok := t.clients[ai.ID]; ok {
		return c, nil
	}
	if t.clients == nil {
		return nil, fmt.Errorf("p2p: node closed")
	}
	id := ai.ID
	dial := func(ctx context.Context, _ string) (net.Conn, error) {
		c, err := gostream.Dial(ctx, t.n.host, id, StoreProtocol)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, n: &t.n.received}, nil
	}
	opts := append(grpcstore.DialOptions(),
		grpc.WithTransportCredentials(insecure.NewCredentials()), // libp2p secures the stream
		grpc.WithContextDialer(dial),
		grpc.WithInitialWindowSize(streamWindow),
		grpc.WithInitialConnWindowSize(connWindow),
		grpc.WithReadBufferSize(ioBuffer),
		grpc.WithWriteBufferSize(ioBuffer),
	)
	conn, err := grpc.NewClient("passthrough:///"+id.String(), opts...)
	if err != nil {
		return nil, fmt.Errorf("p2p: client for %s: %w", id, err)
	}
	c := &peerClient{conn: conn, st: grpcstore.NewStore(conn)}
	c.st.Close = func() error { return nil }
	t.clients[id] = c
	return c, nil
}

// close stops serving and closes every client connection.
func (t *transport) close() {
	t.server.Stop()
	t.ln.Close()
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.clients {
		c.conn.Close()
	}
	t.clients = nil
}

// countingConn counts the bytes read from a connection.
type countingConn struct {
	net.Conn
	n *atomic.Uint64
}

func (c *countingConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(uint64(k))
	return k, err
}
