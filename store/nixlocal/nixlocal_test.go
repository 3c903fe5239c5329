package nixlocal

import (
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/nixpath"
)

// dumpDB is nix-store --dump-db output recorded from Nix 2.8 for a .drv
// and the source path it refers to.
const dumpDB = `/nix/store/fsq7rz3qkh3cb145vx2xrpwm0b4h34wx-x.drv
97fb890994756d7d56d8c527c85205d9c84d0b37312c0f49ec1be51f275e2f11
448

1
/nix/store/qr0qqwg7c6wvxnqhfqzv3f9q797v9sgp-t2
/nix/store/qr0qqwg7c6wvxnqhfqzv3f9q797v9sgp-t2
2507e657743dd8c7e1486a8d0cb8d3f1ebab548380c19b51998752acc74d3454
488
/nix/store/fsq7rz3qkh3cb145vx2xrpwm0b4h34wx-x.drv
0
`

func TestParseDumpDB(t *testing.T) {
	regs, err := ParseDumpDB(nixpath.DefaultStoreDir, []byte(dumpDB))
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 2 {
		t.Fatalf("%d registrations, want 2", len(regs))
	}
	r := regs[0]
	if r.Path.Name != "x.drv" || r.NarSize != 448 || r.Deriver != nil || len(r.References) != 1 || r.References[0].Name != "t2" || r.NarSHA256[0] != 0x97 {
		t.Errorf("first registration: %+v", r)
	}
	if r := regs[1]; r.Deriver == nil || r.Deriver.Name != "x.drv" || len(r.References) != 0 || r.NarSize != 488 {
		t.Errorf("second registration: %+v", r)
	}
	if regs, err := ParseDumpDB(nixpath.DefaultStoreDir, nil); err != nil || len(regs) != 0 {
		t.Errorf("empty output: %v, %v", regs, err)
	}
}

func TestParseDumpDBRejects(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(dumpDB, "\n"), "\n")
	cases := map[string][]string{
		"truncated":     lines[:4],
		"bad path":      append([]string{"/tmp/x"}, lines[1:]...),
		"bad hash":      append([]string{lines[0], "abc"}, lines[2:]...),
		"bad size":      append([]string{lines[0], lines[1], "-1"}, lines[3:]...),
		"bad refcount":  append([]string{lines[0], lines[1], lines[2], lines[3], "x"}, lines[5:]...),
		"missing refs":  append([]string{lines[0], lines[1], lines[2], lines[3], "3"}, lines[5:6]...),
		"bad reference": append([]string{lines[0], lines[1], lines[2], lines[3], "1", "nope"}, lines[6:]...),
	}
	for name, ls := range cases {
		if _, err := ParseDumpDB(nixpath.DefaultStoreDir, []byte(strings.Join(ls, "\n")+"\n")); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), "dump-db") {
			t.Errorf("%s: error %q does not name the input", name, err)
		}
	}
}

func FuzzParseDumpDB(f *testing.F) {
	f.Add([]byte(dumpDB))
	lines := strings.SplitAfter(dumpDB, "\n")
	f.Add([]byte(strings.Join(lines[6:], "")))                      // the second registration alone
	f.Add([]byte(strings.Join(lines[:4], "") + "-1\n"))             // a negative reference count
	f.Add([]byte(strings.Join(lines[:5], "") + "x" + lines[5][1:])) // a bad reference
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ParseDumpDB(nixpath.DefaultStoreDir, b)
		if err != nil && (!strings.HasPrefix(err.Error(), "nix-store --dump-db: ") || strings.Contains(err.Error(), "\n")) {
			t.Fatalf("error is not one line naming the input: %q", err)
		}
	})
}
