package nodeclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/p2pnix/tvix/store/nixsig"
)

// The node's HTTP API beside its binary cache.
const (
	// P2PInfoPath tells the node's peer ID and libp2p addresses (P2PInfo
	// as JSON); --join fetches it from another node's API.
	P2PInfoPath = "/tvix/p2p-info"
	// PeersPath lists the node's connected peers ([]PeerInfo as JSON),
	// read by `tvix cluster peers`.
	PeersPath = "/tvix/peers"
	// PinsPath is the local shard's pins (paths never evicted): GET lists
	// them (JSON array of store paths), PUT PinsPath/<hash part> pins a
	// path (fetching it from the cluster when the shard lacks it), DELETE
	// PinsPath/<hash part> unpins one.
	PinsPath = "/tvix/pins"
	// PublicKeyPath is the node's Nix public key (name:base64 and a
	// newline).
	PublicKeyPath = "/tvix/public-key"
)

// P2PInfo is what P2PInfoPath returns.
type P2PInfo struct {
	// ID is the node's libp2p peer ID.
	ID string `json:"id"`
	// Addrs are its listen multiaddrs, each ending in /p2p/<ID>.
	Addrs []string `json:"addrs"`
}

// PeerInfo is one connected peer as PeersPath returns it.
type PeerInfo struct {
	ID    string   `json:"id"`
	Addrs []string `json:"addrs"`
	// Found is how this node learned of the peer: "join" for a --join
	// node, empty when not known (mDNS, or the peer connected to us).
	Found string `json:"found,omitempty"`
	// SigningKey is the Nix public key the peer announced, if any.
	SigningKey string `json:"signing_key,omitempty"`
	// LatencyMS is libp2p's moving average of the round trip, in
	// milliseconds (0 when not measured yet).
	LatencyMS float64 `json:"latency_ms,omitempty"`
	// Misbehaved counts the peer's replies refused for failing
	// verification; RejectedBytes sums their sizes.
	Misbehaved    int   `json:"misbehaved,omitempty"`
	RejectedBytes int64 `json:"rejected_bytes,omitempty"`
	// FalseRecords counts paths the peer was listed in the DHT as
	// providing and then lacked.
	FalseRecords int `json:"false_records,omitempty"`
	// Blocked tells whether fetches ask the peer last, for misbehaving.
	Blocked bool `json:"blocked,omitempty"`
}

// ServingPrefix starts the line a tvix-node writes to its log (stderr)
// once it serves: ServingPrefix, the TCP address, " and unix:", the
// socket path, and more. Scripts and tests wait for it (with
// --api-listen 127.0.0.1:0 it is the way to learn the port).
const ServingPrefix = "tvix-node: serving gRPC on "

// HTTPTimeout bounds a request of Do.
const HTTPTimeout = 30 * time.Second

// Get fetches path (starting with /) from the HTTP API of the node at addr
// (host:port or a unix socket path) and returns the body of a 200 answer.
func Get(ctx context.Context, addr, path string) ([]byte, error) {
	return Do(ctx, http.MethodGet, addr, path)
}

// Do sends an HTTP request without a body to the API of the node at addr
// (host:port or a unix socket path) and returns the body (at most 1 MiB)
// of a 200 answer; any other status is an error carrying the first line
// of the body.
func Do(ctx context.Context, method, addr, path string) ([]byte, error) {
	client := &http.Client{Timeout: HTTPTimeout}
	base := "http://" + addr
	if filepath.IsAbs(addr) {
		base = "http://tvix-node"
		client.Transport = &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", addr)
		}}
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", addr, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", addr, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("node %s: %s", addr, strings.TrimSpace(firstLine(string(b), resp.Status)))
	}
	return b, nil
}

// firstLine is the first line of s, or def when s is empty.
func firstLine(s, def string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if s == "" {
		return def
	}
	return s
}

// FetchP2PInfo reads P2PInfoPath from the node whose API is at addr
// (host:port or a unix socket path).
func FetchP2PInfo(ctx context.Context, addr string) (*P2PInfo, error) {
	b, err := Get(ctx, addr, P2PInfoPath)
	if err != nil {
		return nil, err
	}
	var info P2PInfo
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("node %s: %s: %w", addr, P2PInfoPath, err)
	}
	if info.ID == "" || len(info.Addrs) == 0 {
		return nil, fmt.Errorf("node %s: no peer ID or addresses", addr)
	}
	return &info, nil
}

// PublicKey reads the Nix public key (name:base64) of the node at addr
// (host:port or a unix socket path) from PublicKeyPath and checks its
// form.
func PublicKey(ctx context.Context, addr string) (string, error) {
	b, err := Get(ctx, addr, PublicKeyPath)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(b))
	if _, err := nixsig.ParsePublicKey(line); err != nil {
		return "", fmt.Errorf("node %s sent %q: %w", addr, line, err)
	}
	return line, nil
}
