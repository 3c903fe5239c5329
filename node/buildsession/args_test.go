package buildsession

import (
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	c, err := ParseArgs([]string{"-j", "2", "--argstr", "x", "-j", "-o", "out", "f.nix", "-A", "-k", "--timeout=5", "--max-silent-time", "1m", "-Q", "--json"})
	if err != nil {
		t.Fatal(err)
	}
	s := c.Settings
	if s.Jobs != 2 || c.OutLink != "out" || s.KeepGoing || s.Timeout != 5*time.Second || s.MaxSilent != time.Minute || !s.Quiet || !c.JSON {
		t.Errorf("parsed %+v, out link %q", s, c.OutLink)
	}
	o := c.Eval
	if len(o.Args) != 1 || o.Args[0].Value != "-j" || len(o.AttrPaths) != 1 || o.AttrPaths[0] != "-k" || len(o.Files) != 1 {
		t.Errorf("evaluation options %+v", o)
	}
	for _, bad := range [][]string{{"-j"}, {"-j", "x"}, {"--eval"}, {"--timeout", "soon"}, {"--bogus"}} {
		if _, err := ParseArgs(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
