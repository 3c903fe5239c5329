package syntax

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

var update = flag.Bool("update", false, "regenerate golden files in testdata/parse from nix-instantiate --parse")

// Golden files replace the test directory and the home directory with
// these placeholders, so that they do not depend on where the checkout is.
const (
	dirPlaceholder      = "@DIR@"
	testdataPlaceholder = "@TESTDATA@"
	homePlaceholder     = "@HOME@"
)

// fixedHome is the home directory used both when recording (HOME for Nix)
// and when parsing, so ~/ paths are reproducible.
const fixedHome = "/home/tvix-test"

var nixErrPos = regexp.MustCompile(`at (?:«string»|\S+?):(\d+):(\d+):`)

// recordParse runs nix-instantiate --parse on file and returns the golden
// file name and contents.
func recordParse(t *testing.T, nix, file, dir string) (string, []byte) {
	cmd := exec.Command(nix, "--parse", file)
	cmd.Env = append(os.Environ(), "HOME="+fixedHome, "NIX_PATH=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	base := strings.TrimSuffix(file, ".nix")
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running nix-instantiate: %v", err)
		}
		return base + ".err", []byte(placeholders(stderr.String(), dir))
	}
	return base + ".exp", []byte(placeholders(stdout.String(), dir))
}

// placeholders replaces the checkout-dependent directories in printed
// output (the parse corpus dir, its parent, which paths like ../x reach,
// and the fixed home) so that golden files do not depend on where the
// repository is cloned.
func placeholders(s, dir string) string {
	s = strings.ReplaceAll(s, dir, dirPlaceholder)
	s = strings.ReplaceAll(s, filepath.Dir(dir), testdataPlaceholder)
	return strings.ReplaceAll(s, fixedHome, homePlaceholder)
}

// TestParseGolden parses every testdata/parse/*.nix file and compares the
// printed result with what nix-instantiate --parse printed (.exp), or,
// where Nix rejected the file (.err), checks that parsing fails with the
// same first message, at the same line and column, as Nix's error.
func TestParseGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata/parse")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.nix"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	if *update {
		nix := nixtest.RequireNix(t, "nix-instantiate")
		for _, f := range files {
			base := strings.TrimSuffix(f, ".nix")
			os.Remove(base + ".exp")
			os.Remove(base + ".err")
			name, data := recordParse(t, nix, f, dir)
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		base := strings.TrimSuffix(f, ".nix")
		t.Run(filepath.Base(base), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			e, perr := Parse(f, src, Options{BaseDir: dir, HomeDir: fixedHome})
			if exp, err := os.ReadFile(base + ".exp"); err == nil {
				if perr != nil {
					t.Fatalf("parse failed, Nix accepts it:\n%v", detail(perr))
				}
				got := placeholders(String(e), dir)
				want := strings.TrimSuffix(string(exp), "\n")
				if got != want {
					t.Errorf("printed parse differs from Nix:\n got: %s\nwant: %s", got, want)
				}
				return
			}
			nixErr, err := os.ReadFile(base + ".err")
			if err != nil {
				t.Fatalf("no golden file (run with -update): %v", err)
			}
			if perr == nil {
				t.Fatalf("parse succeeded, Nix fails with:\n%s\nwe print: %s", nixErr, String(e))
			}
			list, ok := perr.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error is %T, want a non-empty ErrorList", perr)
			}
			// The error's position follows its "error:" line (Nix 2.26
			// prints warnings with positions before it).
			if i := bytes.Index(nixErr, []byte("error:")); i >= 0 {
				nixErr = nixErr[i:]
			}
			if line, _, _ := bytes.Cut(nixErr, []byte("\n")); string(line) != placeholders("error: "+list.First().Msg, dir) {
				t.Errorf("first error %q, Nix reports %q", list.First().Msg, line)
			}
			if m := nixErrPos.FindSubmatch(nixErr); m != nil {
				want := string(m[1]) + ":" + string(m[2])
				first := list.First().Pos
				got := strconv.Itoa(int(first.Line)) + ":" + strconv.Itoa(int(first.Col))
				if got != want {
					t.Errorf("first error at %s, Nix reports %s\nours: %v\nNix: %s", got, want, detail(perr), nixErr)
				}
			}
		})
	}
}

func detail(err error) string {
	if l, ok := err.(ErrorList); ok {
		return l.Detail()
	}
	return err.Error()
}

// TestNameOrder checks that Options.Name gets the names in the order Nix
// makes them symbols: identifiers and constant attribute names (not
// keywords, string contents or __curPos) in the order of the source, but
// a lambda's argument after its body and a formal after its default.
func TestNameOrder(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`let zz = 1; in { "q r" = zz; ${"dyn"} = __curPos; inherit (builtins) or; a.b = "s"; f = { x, y ? z }: x; }`,
			"zz,q r,zz,dyn,builtins,a,b,f,x,z,y,x"},
		{`a: b: { c = 1; }`, "c,b,a"},
		{`args@{ p ? q, q }: { r = args; }`, "q,p,q,r,args,args"},
		{`{ p }@args: p`, "p,p,args"},
		{`__curPos: 1`, "__curPos"},
	} {
		var got []string
		_, err := Parse("t.nix", []byte(c.src), Options{BaseDir: "/", Name: func(n string) { got = append(got, n) }})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: names %q, want %s", c.src, got, c.want)
		}
	}
}
