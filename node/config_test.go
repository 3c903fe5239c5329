package node

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/tvixhome"
)

func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	p := tvixhome.Dir(dir).Config()
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestParseArgsPrecedence: the config file's keys are the flags' names,
// flags on the command line win, lists accumulate, and the file in the
// data directory is read when --config is not given.
func TestParseArgsPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgFile := writeConfig(t, dir, `
api-listen = "127.0.0.1:9999"
store = "memory:"
cache-priority = 50
trusted-keys = ["a:AAAA", "b:BBBB"]
log-format = "json"
`)
	var log bytes.Buffer
	cfg, err := ParseArgs([]string{"--config", cfgFile, "--api-listen", "127.0.0.1:1234", "--data-dir", dir}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIListen != "127.0.0.1:1234" {
		t.Errorf("flag did not win: api-listen %q", cfg.APIListen)
	}
	if cfg.StoreURL != "memory:" || cfg.CachePriority != 50 {
		t.Errorf("config values not applied: store %q priority %d", cfg.StoreURL, cfg.CachePriority)
	}
	if strings.Join(cfg.TrustedKeys, " ") != "a:AAAA b:BBBB" {
		t.Errorf("trusted-keys %v", cfg.TrustedKeys)
	}
	cfg.Logger.Info("hello")
	if !strings.HasPrefix(log.String(), "{") {
		t.Errorf("log-format json from the file not applied: %q", log.String())
	}
	// A list flag on the command line replaces the file's list.
	cfg, err = ParseArgs([]string{"--config", cfgFile, "--trusted-keys", "c:CCCC"}, &log)
	if err != nil || strings.Join(cfg.TrustedKeys, " ") != "c:CCCC" {
		t.Errorf("trusted-keys flag over the file: %v, %v", cfg.TrustedKeys, err)
	}
	// Without --config, <data-dir>/node.toml is read.
	cfg, err = ParseArgs([]string{"--data-dir", dir}, &log)
	if err != nil || cfg.CachePriority != 50 {
		t.Errorf("data dir config not read: priority %d, %v", cfg.CachePriority, err)
	}
	// No file: defaults.
	cfg, err = ParseArgs([]string{"--data-dir", t.TempDir()}, &log)
	if err != nil || cfg.CachePriority != DefaultCachePriority || cfg.APIListen != DefaultAPIListen {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
}

func TestParseArgsRejects(t *testing.T) {
	for name, c := range map[string]struct{ file, want string }{
		"unknown key":   {`no-such-key = 1`, `unknown key "no-such-key"`},
		"bad syntax":    {`api-listen = `, "config"},
		"bad type":      {`cache-priority = "high"`, "cache-priority"},
		"table":         {"[section]\nx = 1", "unknown key"},
		"config in cfg": {`config = "/etc/x"`, `unknown key "config"`},
		"bad log level": {`log-level = "loud"`, "--log-level"},
		"share above 1": {`check-reproducible = 1.5`, `"1.5" is not a share between 0 and 1`},
		"share text":    {`check-reproducible = "often"`, `check-reproducible`},
	} {
		p := writeConfig(t, t.TempDir(), c.file)
		_, err := ParseArgs([]string{"--config", p}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v, want one line containing %q", name, err, c.want)
		}
	}
	if _, err := ParseArgs([]string{"extra"}, &bytes.Buffer{}); err == nil {
		t.Error("a positional argument was accepted")
	}
}

// TestContribConfigParses keeps contrib/node.toml in step with the flags.
func TestContribConfigParses(t *testing.T) {
	cfg, err := ParseArgs([]string{"--config", "../contrib/node.toml"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIListen != DefaultAPIListen || cfg.CacheCompression != "none" {
		t.Errorf("contrib/node.toml gives %+v", cfg)
	}
}

// TestParseArgsBoolsAndSizes: boolean, size and share flags read from
// the file and from the command line alike.
func TestParseArgsBoolsAndSizes(t *testing.T) {
	dir := t.TempDir()
	p := writeConfig(t, dir, "no-mdns = true\nstore-capacity = \"1KiB\"\nmax-builds = -1\ncheck-reproducible = 0.05\n")
	cfg, err := ParseArgs([]string{"--config", p}, &bytes.Buffer{})
	if err != nil || !cfg.NoMDNS || cfg.StoreCapacity != 1024 || cfg.MaxBuilds != -1 || cfg.CheckReproducible != 0.05 {
		t.Errorf("from the file: %+v, %v", cfg, err)
	}
	cfg, err = ParseArgs([]string{"--data-dir", t.TempDir(), "--no-mdns", "--store-capacity=2KiB", "--check-reproducible", "1"}, &bytes.Buffer{})
	if err != nil || !cfg.NoMDNS || cfg.StoreCapacity != 2048 || cfg.CheckReproducible != 1 {
		t.Errorf("from flags: %+v, %v", cfg, err)
	}
}
