package nixdaemon

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"

	"github.com/nix-community/go-nix/pkg/wire"

	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// Config configures a Server.
type Config struct {
	// Store is the store the operations read and write.
	Store *store.Store
	// StoreDir is the Nix store directory of the paths on the wire
	// (default /nix/store).
	StoreDir nixpath.StoreDir
	// Log receives one record per connection that ends in an error
	// (default: discard).
	Log *slog.Logger
	// Builder carries out BuildPaths, BuildPathsWithResults and
	// BuildDerivation; without one, building what is missing fails with
	// an error on the protocol.
	Builder Builder
	// NixVersion is the version string sent to clients of protocol 1.33
	// and newer (default "tvix").
	NixVersion string
}

// Server serves the Nix daemon protocol on connections. It is safe for
// concurrent use: each connection has its own session.
type Server struct {
	cfg    Config
	nextID atomic.Uint32
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("nixdaemon: no store")
	}
	if cfg.StoreDir == "" {
		cfg.StoreDir = nixpath.DefaultStoreDir
	}
	if err := cfg.StoreDir.Validate(); err != nil {
		return nil, fmt.Errorf("nixdaemon: %w", err)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.NixVersion == "" {
		cfg.NixVersion = "tvix"
	}
	return &Server{cfg: cfg}, nil
}

// ServeConn runs one session: the handshake, then operations until the
// client closes the connection (a nil error) or ctx ends. A malformed or
// truncated message ends the session with an error wrapping ErrMalformed;
// the caller closes the connection.
func (s *Server) ServeConn(ctx context.Context, r io.Reader, w io.Writer) error {
	c := &conn{
		srv: s,
		id:  s.nextID.Add(1),
		in:  &countio.Reader{R: bufio.NewReaderSize(r, 64<<10)},
		enc: &encoder{w: bufio.NewWriterSize(w, 64<<10)},
	}
	c.dec = &decoder{r: c.in}
	c.log.c = c
	c.builds = newBuildActivities(&c.log)
	if err := c.handshake(); err != nil {
		return err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		at := c.in.N
		op, err := readOp(c.in)
		if errors.Is(err, io.EOF) {
			return nil // the client hung up between operations
		}
		if err != nil {
			return fmt.Errorf("%w: operation at byte %d: %w", ErrMalformed, at, err)
		}
		if err := c.perform(ctx, op); err != nil {
			return fmt.Errorf("%v: %w", op, err)
		}
	}
}

// Serve accepts connections on ln and serves each in its own goroutine
// until ctx ends or ln fails; it closes ln and waits for the sessions,
// which end when ctx does. A session that fails is logged.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			ln.Close()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer nc.Close()
			unblock := context.AfterFunc(ctx, func() { nc.Close() })
			defer unblock()
			if err := s.ServeConn(ctx, nc, nc); err != nil && ctx.Err() == nil {
				s.cfg.Log.Error("nix daemon connection failed", "remote", nc.RemoteAddr().String(), "err", err)
			}
		}()
	}
}

// conn is one session's state.
type conn struct {
	srv     *Server
	id      uint32
	in      *countio.Reader
	dec     *decoder
	enc     *encoder
	version Version
	log     Logger
	opts    Options
	// builds reports the builds of the running operation (BuildLog).
	builds *buildActivities
}

// readOp reads an operation number; io.EOF means the client hung up
// cleanly before it.
func readOp(r *countio.Reader) (Op, error) {
	v, err := wire.ReadUint64(r)
	return Op(v), err
}

// handshake exchanges magic numbers and versions, reads the obsolete
// fields, sends the version string and trust, and ends with STDERR_LAST.
func (c *conn) handshake() error {
	d, e := c.dec, c.enc
	if magic := d.u64("client magic"); d.err == nil && magic != ClientMagic {
		return fmt.Errorf("%w: client magic %#x, want %#x (not a Nix client?)", ErrMalformed, magic, ClientMagic)
	}
	if d.err != nil {
		return d.err
	}
	e.u64(ServerMagic)
	e.u64(uint64(ServerVersion))
	if err := e.flush(); err != nil {
		return err
	}
	client := Version(d.u64("client version"))
	if d.err != nil {
		return d.err
	}
	if client.Major() != 1 || !client.AtLeast(MinClientVersion.Minor()) {
		return fmt.Errorf("the Nix client's protocol version %v is not supported (need 1.%d to 1.x)", client, MinClientVersion.Minor())
	}
	c.version = min(client, ServerVersion)
	if c.version.AtLeast(14) && d.u64("CPU affinity flag") != 0 {
		d.u64("CPU affinity")
	}
	if c.version.AtLeast(11) {
		d.u64("reserve space")
	}
	if d.err != nil {
		return d.err
	}
	if c.version.AtLeast(33) {
		e.str(c.srv.cfg.NixVersion)
	}
	if c.version.AtLeast(35) {
		e.u64(1) // trusted: whoever may connect may do everything
	}
	c.log.start(nil)
	if err := c.log.stop(nil); err != nil {
		return err
	}
	return e.flush()
}

// perform runs one operation: it reads the arguments, does the work, and
// sends STDERR_LAST and the result, or STDERR_ERROR. An error returned
// ends the session.
func (c *conn) perform(ctx context.Context, op Op) error {
	h, known := handlers[op]
	if !known {
		c.log.start(nil)
		c.log.stop(fmt.Errorf("invalid operation %d", uint64(op)))
		return fmt.Errorf("%w: unknown operation %d", ErrMalformed, uint64(op))
	}
	opCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.log.start(cancel)
	reply, err := h(opCtx, c)
	c.builds.stopAll()
	if errors.Is(err, ErrMalformed) {
		c.log.stop(err)
		return err
	}
	if err != nil {
		return c.log.stop(err)
	}
	if err := c.log.stop(nil); err != nil {
		return err
	}
	if reply != nil {
		if err := reply(c.enc); err != nil {
			return err
		}
	}
	return c.enc.flush()
}
