// Package sshstore reaches a store on another machine over SSH, as Nix's
// ssh-ng:// does: ssh://[USER@]HOST[:PORT][?remote-program=P&remote-store=URL]
// runs the system's ssh client (the user's keys, agent, known_hosts and
// ~/.ssh/config; NIX_SSHOPTS adds options, as for Nix) with the command
// `P store serve --stdio [--store URL]` (P defaults to tvix), and speaks
// the store's gRPC protocol over that connection's stdin and stdout.
package sshstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
)

// Config is what an ssh:// store URL says.
type Config struct {
	User, Host string
	Port       int // 0: ssh's default
	// RemoteProgram is the command line of tvix on the far side (split
	// at spaces, as Nix does); default "tvix".
	RemoteProgram string
	// RemoteStore is the store URL the far side opens ("" its default).
	RemoteStore string
}

// ParseURL reads ssh://[USER@]HOST[:PORT][?remote-program=P&remote-store=URL].
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("store URL %q: %v", raw, err)
	}
	if u.Scheme != "ssh" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return Config{}, fmt.Errorf("store URL %q: want ssh://[USER@]HOST[:PORT][?remote-program=PATH]", raw)
	}
	c := Config{Host: u.Hostname(), RemoteProgram: "tvix"}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			return Config{}, fmt.Errorf("store URL %q: no passwords in the URL (ssh uses keys)", raw)
		}
		c.User = u.User.Username()
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Config{}, fmt.Errorf("store URL %q: bad port %q", raw, p)
		}
		c.Port = n
	}
	if c.Host == "" || strings.HasPrefix(c.Host, "-") || strings.HasPrefix(c.User, "-") {
		return Config{}, fmt.Errorf("store URL %q: bad host", raw)
	}
	for k, vs := range u.Query() {
		if len(vs) != 1 {
			return Config{}, fmt.Errorf("store URL %q: parameter %s given %d times", raw, k, len(vs))
		}
		switch k {
		case "remote-program":
			if strings.TrimSpace(vs[0]) == "" {
				return Config{}, fmt.Errorf("store URL %q: empty remote-program", raw)
			}
			c.RemoteProgram = vs[0]
		case "remote-store":
			c.RemoteStore = vs[0]
		default:
			return Config{}, fmt.Errorf("store URL %q: unknown parameter %q (want remote-program or remote-store)", raw, k)
		}
	}
	return c, nil
}

// dest is [user@]host for ssh and messages.
func (c Config) dest() string {
	if c.User != "" {
		return c.User + "@" + c.Host
	}
	return c.Host
}

// Command is the ssh command line that reaches the far side's store.
func (c Config) Command() []string {
	args := []string{"ssh"}
	args = append(args, strings.Fields(os.Getenv("NIX_SSHOPTS"))...)
	if c.Port != 0 {
		args = append(args, "-p", strconv.Itoa(c.Port))
	}
	args = append(args, "-x", "-a", "-T", "--", c.dest())
	remote := append(strings.Fields(c.RemoteProgram), "store", "serve", "--stdio")
	if c.RemoteStore != "" {
		remote = append(remote, "--store", shellQuote(c.RemoteStore))
	}
	return append(args, strings.Join(remote, " "))
}

// shellQuote quotes s for the remote shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// openTimeout bounds the first request, which proves the connection.
const openTimeout = 30 * time.Second

// Open connects to the far side's store and checks that it answers.
func Open(ctx context.Context, c Config) (*store.Store, error) {
	where := "store ssh://" + c.dest()
	dial := func(ctx context.Context, _ string) (net.Conn, error) { return startSSH(c) }
	opts := append(grpcstore.DialOptions(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(dial))
	conn, err := grpc.NewClient("passthrough:///"+c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	st := grpcstore.NewStore(conn)
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	var none [store.StorePathHashSize]byte
	if _, err := st.PathInfos.Get(ctx, none); err != nil && !errors.Is(err, store.ErrNotFound) {
		st.Close()
		return nil, fmt.Errorf("%s: %v", where, oneLine(err))
	}
	return st, nil
}

// OpenURL opens the store an ssh:// URL names.
func OpenURL(ctx context.Context, raw string) (*store.Store, error) {
	c, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	return Open(ctx, c)
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// sshConn is a connection over an ssh process's stdin and stdout. When
// the process ends, reads return an error with the end of its stderr.
type sshConn struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    io.ReadCloser
	stderr *tailBuffer
	dest   string

	once    sync.Once
	exitErr error
}

func startSSH(c Config) (net.Conn, error) {
	argv := c.Command()
	cmd := exec.Command(argv[0], argv[1:]...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	tail := &tailBuffer{}
	cmd.Stderr = tail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("ssh %s: %w", c.dest(), err)
	}
	return &sshConn{cmd: cmd, in: in, out: out, stderr: tail, dest: c.dest()}, nil
}

func (s *sshConn) wait() error {
	s.once.Do(func() {
		err := s.cmd.Wait()
		msg := strings.TrimSpace(s.stderr.String())
		switch {
		case err != nil && msg != "":
			s.exitErr = fmt.Errorf("ssh %s: %v: %s", s.dest, err, lastLine(msg))
		case err != nil:
			s.exitErr = fmt.Errorf("ssh %s: %v", s.dest, err)
		default:
			s.exitErr = fmt.Errorf("ssh %s: the remote side closed the connection", s.dest)
		}
	})
	return s.exitErr
}

func lastLine(s string) string { return s[strings.LastIndexByte(s, '\n')+1:] }

func (s *sshConn) Read(p []byte) (int, error) {
	n, err := s.out.Read(p)
	if err == io.EOF && n == 0 {
		return 0, s.wait()
	}
	return n, err
}

func (s *sshConn) Write(p []byte) (int, error) { return s.in.Write(p) }

func (s *sshConn) Close() error {
	s.in.Close()
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
	}
	go s.wait()
	return nil
}

type sshAddr string

func (a sshAddr) Network() string { return "ssh" }
func (a sshAddr) String() string  { return string(a) }

func (s *sshConn) LocalAddr() net.Addr                { return sshAddr("local") }
func (s *sshConn) RemoteAddr() net.Addr               { return sshAddr(s.dest) }
func (s *sshConn) SetDeadline(t time.Time) error      { return nil }
func (s *sshConn) SetReadDeadline(t time.Time) error  { return nil }
func (s *sshConn) SetWriteDeadline(t time.Time) error { return nil }

// tailBuffer keeps the last 4 KiB written to it.
type tailBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b.Write(p)
	if over := t.b.Len() - 4096; over > 0 {
		t.b.Next(over)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.b.String()
}
