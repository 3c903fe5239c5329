package node

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLogFlags: --log-format picks text or JSON lines, --log-level drops
// what is below it, and bad values are refused naming the flag.
func TestLogFlags(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	cfg, err := ParseArgs([]string{"--data-dir", dir, "--log-format", "json", "--log-level", "warn"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Info("dropped")
	cfg.Logger.Warn("kept", "path", "/nix/store/x")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil || rec["msg"] != "kept" || rec["level"] != "WARN" || rec["path"] != "/nix/store/x" {
		t.Errorf("json at warn: %q (%v)", buf.String(), err)
	}
	buf.Reset()
	if cfg, err = ParseArgs([]string{"--data-dir", dir}, &buf); err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Debug("dropped")
	cfg.Logger.Info("hello", "n", 1)
	if got := buf.String(); !strings.Contains(got, "level=INFO msg=hello n=1") || strings.Contains(got, "dropped") {
		t.Errorf("default text at info: %q", got)
	}
	for _, args := range [][]string{{"--log-format", "xml"}, {"--log-level", "loud"}} {
		_, err := ParseArgs(append([]string{"--data-dir", dir}, args...), &buf)
		if err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: error %v, want one naming %s", args, err, args[0])
		}
	}
}

// TestContribNodeTOML: the documented /etc/tvix/node.toml parses, and so
// does it with every commented-out example key enabled (so each one it
// documents is a real key with a value of the right type).
func TestContribNodeTOML(t *testing.T) {
	text, err := os.ReadFile("../contrib/node.toml")
	if err != nil {
		t.Fatal(err)
	}
	example := regexp.MustCompile(`(?m)^# ([a-z][a-z0-9-]* = .*)$`)
	enabled := example.ReplaceAll(text, []byte("$1"))
	if n := len(example.FindAll(text, -1)); n < 8 {
		t.Fatalf("only %d commented-out example keys found", n)
	}
	for name, body := range map[string][]byte{"as shipped": text, "all examples on": enabled} {
		f := filepath.Join(t.TempDir(), "node.toml")
		os.WriteFile(f, body, 0o644)
		var buf bytes.Buffer
		cfg, err := ParseArgs([]string{"--config", f}, &buf)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if cfg.APIListen != "127.0.0.1:7400" || cfg.CachePriority != 30 {
			t.Errorf("%s: api-listen %q, cache-priority %d", name, cfg.APIListen, cfg.CachePriority)
		}
	}
}
