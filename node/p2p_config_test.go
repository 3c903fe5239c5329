package node

import (
	"io"
	"slices"
	"testing"
)

// TestParseArgsP2P: the p2p flags have config keys of the same names, and
// lists accumulate from the file and the command line.
func TestParseArgsP2P(t *testing.T) {
	dir := t.TempDir()
	cfgFile := writeConfig(t, dir, `
p2p-listen = ["/ip4/127.0.0.1/tcp/0"]
psk-file = "/etc/tvix/swarm.key"
no-mdns = true
join = ["10.0.0.1:7400", "10.0.0.2:7400"]
replicas = 3
no-cluster-trust = true
`)
	cfg, err := ParseArgs([]string{"--config", cfgFile, "--data-dir", dir, "--join", "10.0.0.3:7400"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.P2PListen, []string{"/ip4/127.0.0.1/tcp/0"}) || cfg.PSKFile != "/etc/tvix/swarm.key" ||
		!cfg.NoMDNS || cfg.Replicas != 3 || !cfg.NoClusterTrust {
		t.Errorf("config keys not applied: %+v", cfg)
	}
	// The command line's --join is set, so the file's join is not used.
	if !slices.Equal(cfg.Join, []string{"10.0.0.3:7400"}) {
		t.Errorf("join %v, want the command line's", cfg.Join)
	}
}

func TestDefaultP2PListen(t *testing.T) {
	for api, want := range map[string]string{
		"127.0.0.1:7400": "/ip4/0.0.0.0/tcp/7401",
		"127.0.0.1:0":    "/ip4/127.0.0.1/tcp/0",
		"[::1]:0":        "/ip4/127.0.0.1/tcp/0",
		"0.0.0.0:9000":   "/ip4/0.0.0.0/tcp/9001",
	} {
		if got := defaultP2PListen(api); len(got) != 1 || got[0] != want {
			t.Errorf("defaultP2PListen(%q) = %v, want %s", api, got, want)
		}
	}
}
