// Package storeurl is the one place that turns a store URL into a store:
//
//	memory:                  an empty in-memory store
//	local:/path              the embedded local store in /path
//	local:                   the local store in DefaultDir()
//	grpc+http://host:port    a tvix-node or Tvix-compatible server over TCP
//	grpc+unix:/path/to.sock  the same over a unix socket
package storeurl

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// DefaultURL returns $TVIX_STORE, else the local store in DefaultDir().
func DefaultURL() string {
	if u := os.Getenv("TVIX_STORE"); u != "" {
		return u
	}
	return "local:" + DefaultDir()
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
