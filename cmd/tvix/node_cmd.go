package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/spf13/cobra"
)

// nodeHTTPTimeout bounds a request to a node's HTTP API.
const nodeHTTPTimeout = 30 * time.Second

// selectedNode is the node a command talks to: --node, else $TVIX_NODE
// (empty when the command opens a store itself).
func selectedNode() string {
	if nodeAddr != "" {
		return nodeAddr
	}
	if storeURL == "" {
		return os.Getenv("TVIX_NODE")
	}
	return ""
}

// nodeGet fetches path (starting with /) from the HTTP API of the node at
// addr (host:port or a unix socket path).
func nodeGet(ctx context.Context, addr, path string) ([]byte, error) {
	return nodeDo(ctx, http.MethodGet, addr, path)
}

// nodeDo sends an HTTP request to the API of the node at addr (host:port
// or a unix socket path) and returns the body of a 200 answer.
func nodeDo(ctx context.Context, method, addr, path string) ([]byte, error) {
	client := &http.Client{Timeout: nodeHTTPTimeout}
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

// With --node (or $TVIX_NODE) and no key file named, `tvix key show` asks
// the node for its public key; otherwise it reads the secret key file
// ($TVIX_HOME/secret-key, the key of a node using that data directory).
func init() {
	fromFile := keyShowCmd.RunE
	keyShowCmd.RunE = func(cmd *cobra.Command, args []string) error {
		addr := selectedNode()
		if addr == "" || keyFile != "" {
			return fromFile(cmd, args)
		}
		b, err := nodeGet(cmd.Context(), addr, "/tvix/public-key")
		if err != nil {
			return fmt.Errorf("key show: %w", err)
		}
		line := strings.TrimSpace(string(b))
		if _, err := nixsig.ParsePublicKey(line); err != nil {
			return fmt.Errorf("key show: node %s sent %q: %w", addr, line, err)
		}
		fmt.Fprintln(cmd.OutOrStdout(), line)
		return nil
	}
}
