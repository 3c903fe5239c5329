// Package storeurl is the one place that turns a store URL into a store:
//
//	memory:                  an empty in-memory store
//	local:/path              the embedded local store in /path
//	local:                   the local store in $TVIX_HOME (tvixhome.Default().Store())
//	grpc+http://host:port    a tvix-node or Tvix-compatible server over TCP
//	grpc+unix:/path/to.sock  the same over a unix socket
//	s3://BUCKET[/PREFIX]?... an S3-compatible bucket (see s3store.ParseURL)
//	ssh://[USER@]HOST[:PORT] the store of tvix on another machine (see sshstore)
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

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/s3store"
	"github.com/p2pnix/tvix/store/sshstore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// NodeURL is the store URL of the tvix-node at addr: host:port of its API,
// or the absolute path of its unix socket.
func NodeURL(addr string) string {
	if filepath.IsAbs(addr) {
		return "grpc+unix:" + addr
	}
	return "grpc+http://" + addr
}

// DefaultURL returns $TVIX_STORE, else the node named by $TVIX_NODE, else
// the node running on $TVIX_HOME (when its socket answers: the node holds
// the local store's lock), else the local store in $TVIX_HOME.
func DefaultURL() string {
	if u := os.Getenv("TVIX_STORE"); u != "" {
		return u
	}
	if a := os.Getenv("TVIX_NODE"); a != "" {
		return NodeURL(a)
	}
	home := tvixhome.Default()
	if sock := home.NodeSocket(); nodeListening(sock) {
		return NodeURL(sock)
	}
	return "local:" + home.Store()
}

// NodeAddr returns the API address of the node a grpc+http or grpc+unix
// URL names (host:port, or the socket path); ok is false for any other
// store.
func NodeAddr(url string) (addr string, ok bool) {
	if rest, ok := strings.CutPrefix(url, "grpc+http://"); ok {
		return rest, true
	}
	return strings.CutPrefix(url, "grpc+unix:")
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
		return nil, fmt.Errorf("store URL %q: no scheme (want memory:, local:/path, grpc+http://host:port, grpc+unix:/path, s3://bucket or ssh://host)", url)
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
			dir = tvixhome.Default().Store()
		}
		return localstore.Open(dir)
	case "grpc+http":
		hostport, ok := strings.CutPrefix(rest, "//")
		hostport = strings.TrimSuffix(hostport, "/")
		if !ok || hostport == "" || strings.Contains(hostport, "/") {
			return nil, fmt.Errorf("store URL %q: want grpc+http://host:port", url)
		}
		return dial(hostport)
	case "s3":
		return s3store.OpenURL(ctx, url)
	case "ssh":
		return sshstore.OpenURL(ctx, url)
	case "grpc+unix":
		path := strings.TrimPrefix(rest, "//")
		if !filepath.IsAbs(path) {
			return nil, fmt.Errorf("store URL %q: want grpc+unix:/absolute/path", url)
		}
		return dial("unix://" + path)
	default:
		return nil, fmt.Errorf("store URL %q: unknown scheme %q (want memory, local, grpc+http, grpc+unix, s3 or ssh)", url, scheme)
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
