// Package storeurl is the one place that turns a store URL into a store:
//
//	memory:                  an empty in-memory store
//	local:/path              the embedded local store in /path
//	local:                   the local store in DefaultDir()
//	grpc+http://host:port    a tvix-node or Tvix-compatible server over TCP
//	grpc+unix:/path/to.sock  the same over a unix socket
//
// DefaultURL picks the store a command uses when none is named.
package storeurl

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/localstore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Home returns the tvix data directory: $TVIX_HOME, else
// $XDG_DATA_HOME/tvix, else ~/.local/share/tvix; /var/lib/tvix for root
// when $TVIX_HOME is unset.
func Home() string {
	if h := os.Getenv("TVIX_HOME"); h != "" {
		return h
	}
	if os.Geteuid() == 0 {
		return "/var/lib/tvix"
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "tvix")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "tvix")
	}
	return filepath.Join(os.TempDir(), "tvix")
}

// DefaultDir is where the default local store lives: <Home()>/store.
func DefaultDir() string { return LocalDir(Home()) }

// LocalDir is where the local store of a data directory lives.
func LocalDir(home string) string { return filepath.Join(home, "store") }

// NodeSocketName is the unix socket a running tvix-node serves on in its
// data directory.
const NodeSocketName = "tvix.sock"

// NodeURL is the store URL of the tvix-node at addr: host:port of its API,
// or the absolute path of its unix socket.
func NodeURL(addr string) string {
	if filepath.IsAbs(addr) {
		return "grpc+unix:" + addr
	}
	return "grpc+http://" + addr
}

// DefaultURL returns $TVIX_STORE, else the node named by $TVIX_NODE, else
// the node running on Home() (when its socket answers: the node holds the
// local store's lock), else the local store in DefaultDir().
func DefaultURL() string {
	if u := os.Getenv("TVIX_STORE"); u != "" {
		return u
	}
	if a := os.Getenv("TVIX_NODE"); a != "" {
		return NodeURL(a)
	}
	if sock := filepath.Join(Home(), NodeSocketName); nodeListening(sock) {
		return NodeURL(sock)
	}
	return "local:" + DefaultDir()
}

// nodeListening reports whether something accepts connections on the
// unix socket sock (a stale socket file of a stopped node does not).
func nodeListening(sock string) bool {
	if fi, err := os.Stat(sock); err != nil || fi.Mode()&os.ModeSocket == 0 {
		return false
	}
	c, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// Open opens the store named by url. The caller must call Close on the
// result. ctx bounds only the opening.
func Open(ctx context.Context, url string) (*store.Store, error) {
	scheme, rest, ok := strings.Cut(url, ":")
	if !ok {
		return nil, fmt.Errorf("store URL %q: no scheme (want memory:, local:/path, grpc+http://host:port or grpc+unix:/path)", url)
	}
	switch scheme {
	case "memory":
		if rest != "" {
			return nil, fmt.Errorf("store URL %q: memory: takes no path", url)
		}
		return store.NewMemoryStore(), nil
	case "local":
		dir := strings.TrimPrefix(rest, "//")
		if dir == "" {
			dir = DefaultDir()
		}
		return localstore.Open(dir)
	case "grpc+http":
		hostport, ok := strings.CutPrefix(rest, "//")
		hostport = strings.TrimSuffix(hostport, "/")
		if !ok || hostport == "" || strings.Contains(hostport, "/") {
			return nil, fmt.Errorf("store URL %q: want grpc+http://host:port", url)
		}
		return dial(hostport)
	case "grpc+unix":
		path := strings.TrimPrefix(rest, "//")
		if !filepath.IsAbs(path) {
			return nil, fmt.Errorf("store URL %q: want grpc+unix:/absolute/path", url)
		}
		return dial("unix://" + path)
	default:
		return nil, fmt.Errorf("store URL %q: unknown scheme %q (want memory, local, grpc+http or grpc+unix)", url, scheme)
	}
}

// dial connects lazily; the first call reports an unreachable server.
func dial(target string) (*store.Store, error) {
	opts := append(grpcstore.DialOptions(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	conn, err := grpc.NewClient(target, opts...)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", target, err)
	}
	return grpcstore.NewStore(conn), nil
}
