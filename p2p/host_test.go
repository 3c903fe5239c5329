package p2p

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"

	"github.com/p2pnix/tvix/store"
)

func TestNodesConnectOnLoopback(t *testing.T) {
	a, _ := startNode(t, testConfig(t))
	cfg := testConfig(t)
	cfg.Bootstrap = a.Addrs()
	b, _ := startNode(t, cfg)
	if b.Host().Network().Connectedness(a.ID()) != network.Connected {
		t.Fatalf("b did not connect to its bootstrap peer a")
	}
	eventually(t, "a to see b", func() bool { return a.Host().Network().Connectedness(b.ID()) == network.Connected })
}

func TestIdentityFromDataDir(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t)
	cfg.Identity, cfg.DataDir = nil, dir
	a, _ := startNode(t, cfg)
	id := a.ID()
	a.Close()
	b, _ := startNode(t, cfg)
	if b.ID() != id {
		t.Fatalf("restarted node has ID %s, was %s", b.ID(), id)
	}
}

func TestPrivateNetwork(t *testing.T) {
	psk, _ := NewPSK()
	other, _ := NewPSK()
	cfg := testConfig(t)
	cfg.PSK = &psk
	cfg.ListenAddrs = append(cfg.ListenAddrs, "/ip4/127.0.0.1/udp/0/quic-v1")
	a, _ := startNode(t, cfg)
	for _, addr := range a.Addrs() {
		if strings.Contains(addr, "/udp/") {
			t.Errorf("node with a PSK listens on %s", addr)
		}
	}

	member := testConfig(t)
	member.PSK = &psk
	b, _ := startNode(t, member)
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	if err := b.Connect(ctx, a.Addrs()[0]); err != nil {
		t.Fatalf("member with the PSK: %v", err)
	}

	// A refused handshake can hang until the deadline: keep it short.
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	outsiderCfg := testConfig(t)
	outsider, _ := startNode(t, outsiderCfg)
	if err := outsider.Connect(ctx, a.Addrs()[0]); err == nil {
		t.Error("node without a PSK connected to a private network")
	}
	wrongCfg := testConfig(t)
	wrongCfg.PSK = &other
	wrong, _ := startNode(t, wrongCfg)
	if err := wrong.Connect(ctx, a.Addrs()[0]); err == nil {
		t.Error("node with another PSK connected")
	}
	if err := a.Connect(ctx, wrong.Addrs()[0]); err == nil {
		t.Error("private node connected out to a node with another PSK")
	}
	for _, p := range a.Peers() {
		if p == outsider.ID() || p == wrong.ID() {
			t.Errorf("private node has a connection to %s", p)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	psk, _ := NewPSK()
	for _, tc := range []struct {
		name string
		mod  func(*Config)
		err  string
	}{
		{"no identity", func(c *Config) { c.Identity = nil }, "no DataDir"},
		{"bad listen", func(c *Config) { c.ListenAddrs = []string{"tcp:1"} }, "listen address"},
		{"quic only under psk", func(c *Config) { c.ListenAddrs = []string{"/ip4/127.0.0.1/udp/0/quic-v1"}; c.PSK = &psk }, "no usable listen address"},
		{"bootstrap without id", func(c *Config) { c.Bootstrap = []string{"/ip4/127.0.0.1/tcp/1"} }, "/p2p/"},
		{"negative replicas", func(c *Config) { c.Replicas = -1 }, "replicas"},
		{"watermarks", func(c *Config) { c.ConnLow, c.ConnHigh = 10, 5 }, "watermark"},
	} {
		cfg := testConfig(t)
		tc.mod(&cfg)
		_, err := New(t.Context(), cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.err)
		}
	}
	if _, err := New(t.Context(), testConfig(t), nil); err == nil || !strings.Contains(err.Error(), "no local store") {
		t.Errorf("nil store: %v", err)
	}
}

// A failure after the node is half set up (here: the listen port is taken)
// returns the error and releases what was started, without panicking.
func TestNewFailsCleanlyOnTakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cfg := testConfig(t)
	cfg.ListenAddrs = []string{fmt.Sprintf("/ip4/127.0.0.1/tcp/%d", l.Addr().(*net.TCPAddr).Port)}
	if n, err := New(t.Context(), cfg, store.NewMemoryStore()); err == nil {
		n.Close()
		t.Fatal("New listened on a port already taken")
	}
}
