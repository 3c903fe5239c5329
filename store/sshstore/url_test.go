package sshstore

import (
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/storetest"
)

func TestParseURL(t *testing.T) {
	t.Setenv("NIX_SSHOPTS", "-p 2222 -o BatchMode=yes")
	good := map[string]string{
		"ssh://host":        "ssh -p 2222 -o BatchMode=yes -x -a -T -- host tvix store serve --stdio",
		"ssh://me@host:22/": "ssh -p 2222 -o BatchMode=yes -p 22 -x -a -T -- me@host tvix store serve --stdio",
		"ssh://h?remote-program=env%20TVIX_HOME=/x%20/bin/tvix": "ssh -p 2222 -o BatchMode=yes -x -a -T -- h env TVIX_HOME=/x /bin/tvix store serve --stdio",
		"ssh://h?remote-store=local:/var/it's":                  `ssh -p 2222 -o BatchMode=yes -x -a -T -- h tvix store serve --stdio --store 'local:/var/it'\''s'`,
	}
	for raw, want := range good {
		c, err := ParseURL(raw)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", raw, err)
			continue
		}
		if got := strings.Join(c.Command(), " "); got != want {
			t.Errorf("ParseURL(%q).Command() = %q, want %q", raw, got, want)
		}
	}
	bad := map[string]string{
		"ssh:host":                   "want ssh://",
		"ssh://host/path":            "want ssh://",
		"ssh://u:pw@host":            "no passwords",
		"ssh://host:0":               "bad port",
		"ssh://-oProxyCommand=x":     "bad host",
		"ssh://host?x=1":             `unknown parameter "x"`,
		"ssh://host?remote-program=": "empty remote-program",
	}
	storetest.BadURLs(t, func(raw string) error { _, err := ParseURL(raw); return err }, bad)
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"ssh://me@host:22?remote-program=/bin/tvix&remote-store=local:/x",
		"ssh://[::1]:2222", "ssh://h?remote-store=local:/var/it's", "ssh://u:pw@host", "ssh://-oProxyCommand=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := ParseURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %v", err)
			}
			return
		}
		if strings.HasPrefix(c.dest(), "-") {
			t.Fatalf("%q: destination %q would be an ssh option", raw, c.dest())
		}
	})
}
