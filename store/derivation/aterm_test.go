package derivation

import (
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store/nixpath"
)

const (
	pathA = "/nix/store/00000000000000000000000000000000-a"
	pathB = "/nix/store/11111111111111111111111111111111-b"
	drvC  = "/nix/store/22222222222222222222222222222222-c.drv"
)

func TestATermEscapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`a"b`, `"a\"b"`},
		{`a\b`, `"a\\b"`},
		{"a\nb\rc\td", `"a\nb\rc\td"`},
		{"\x01\x7f\u00e9", "\"\x01\x7f\u00e9\""},
		{`\n`, `"\\n"`},
	} {
		if got := string(appendEscaped(nil, tc.in)); got != tc.want {
			t.Errorf("appendEscaped(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func sampleDerivation() *Derivation {
	return &Derivation{
		Name:      "sample",
		Outputs:   map[string]Output{"out": {Path: pathA}, "dev": {Path: pathB}},
		InputDrvs: map[string][]string{drvC: {"out", "dev"}},
		InputSrcs: []string{pathB, pathA, pathA},
		Platform:  "x86_64-linux",
		Builder:   "/bin/sh",
		Args:      []string{"-c", "echo \"hi\"\n"},
		Env:       map[string]string{"name": "sample", "b": "2", "a": "1\t"},
	}
}

func TestATermLayout(t *testing.T) {
	want := `Derive([("dev","` + pathB + `","",""),("out","` + pathA + `","","")],` +
		`[("` + drvC + `",["dev","out"])],["` + pathA + `","` + pathB + `"],"x86_64-linux","/bin/sh",` +
		`["-c","echo \"hi\"\n"],[("a","1\t"),("b","2"),("name","sample")])`
	if got := string(sampleDerivation().ATerm()); got != want {
		t.Errorf("ATerm:\n got %s\nwant %s", got, want)
	}
	// The masked form blanks output paths and output env variables.
	d := sampleDerivation()
	d.Env["out"] = pathA
	var w atermWriter
	masked := string(w.appendATerm(nil, d, true, []moduloInput{{hash: ModuloHash{0xab}, outputs: []string{"out"}}}))
	if !strings.Contains(masked, `("dev","","",""),("out","","","")`) || !strings.Contains(masked, `("out","")`) ||
		!strings.Contains(masked, `[("ab00000000000000000000000000000000000000000000000000000000000000",["out"])]`) {
		t.Errorf("masked ATerm: %s", masked)
	}
}

// normalised returns d as ParseATerm would return it after serialising.
func normalised(t *testing.T, d *Derivation) *Derivation {
	t.Helper()
	got, err := ParseATerm("normalised", d.ATerm())
	if err != nil {
		t.Fatalf("parse of serialised derivation: %v\n%s", err, d.ATerm())
	}
	return got
}

func TestRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		d := randomDerivation(r)
		b := d.ATerm()
		got, err := ParseATerm("random", b)
		if err != nil {
			t.Fatalf("case %d: %v\n%s", i, err, b)
		}
		if !reflect.DeepEqual(got, d) {
			t.Fatalf("case %d: round trip differs\n got %#v\nwant %#v", i, got, d)
		}
		if b2 := got.ATerm(); string(b2) != string(b) {
			t.Fatalf("case %d: re-serialisation differs", i)
		}
	}
}

func randomString(r *rand.Rand, alphabet string, max int) string {
	n := r.IntN(max + 1)
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

const anyBytes = "ab\"\\\n\r\t \x00\x01\x7f\xc3\xa9\xff,()[]"

func randomStorePath(r *rand.Rand) string {
	hash := ""
	for len(hash) < 32 {
		hash = randomString(r, "0123456789abcdfghijklmnpqrsvwxyz", 32)
	}
	return "/nix/store/" + hash + "-n" + randomString(r, "abc+-._?=", 8)
}

// randomDerivation returns a derivation in the normal form ParseATerm
// produces: sets sorted and unique, empty collections non-nil, Name
// taken from env "name".
func randomDerivation(r *rand.Rand) *Derivation {
	d := &Derivation{
		Outputs:   map[string]Output{},
		InputDrvs: map[string][]string{},
		InputSrcs: []string{},
		Args:      []string{},
		Env:       map[string]string{},
		Platform:  randomString(r, "abc-_x86", 12),
		Builder:   randomString(r, anyBytes, 10),
	}
	for range 1 + r.IntN(3) {
		d.Outputs["o"+randomString(r, "abc", 3)] = Output{Path: randomStorePath(r)}
	}
	if r.IntN(4) == 0 {
		d.Outputs = map[string]Output{"out": {Path: randomStorePath(r), HashAlgo: "r:sha1", Hash: strings.Repeat("0f", 20)}}
	}
	for range r.IntN(3) {
		d.InputDrvs[randomStorePath(r)+".drv"] = []string{"dev", "out"}[r.IntN(2):]
	}
	srcs := map[string]bool{}
	for range r.IntN(3) {
		srcs[randomStorePath(r)] = true
	}
	d.InputSrcs = sortedKeys(d.InputSrcs, srcs)
	for range r.IntN(4) {
		d.Args = append(d.Args, randomString(r, anyBytes, 8))
	}
	for range r.IntN(5) {
		d.Env[randomString(r, anyBytes, 6)] = randomString(r, anyBytes, 12)
	}
	d.Name = nameFromEnv(d.Env)
	return d
}

func TestSetsAreSortedAndDeduplicated(t *testing.T) {
	d := sampleDerivation()
	d.InputDrvs[drvC] = []string{"out", "dev", "out"}
	got := normalised(t, d)
	if want := []string{pathA, pathB}; !reflect.DeepEqual(got.InputSrcs, want) {
		t.Errorf("InputSrcs %q, want %q", got.InputSrcs, want)
	}
	if want := []string{"dev", "out"}; !reflect.DeepEqual(got.InputDrvs[drvC], want) {
		t.Errorf("InputDrvs %q, want %q", got.InputDrvs[drvC], want)
	}
}

func TestParseErrors(t *testing.T) {
	good := string(sampleDerivation().ATerm())
	// at is the text the error must point at: its last occurrence in in.
	for _, tc := range []struct {
		name, in, at, msg string
	}{
		{"empty", "", "", `unexpected end of input, expected "Derive(["`},
		{"not a derivation", "Derivation", "Derivation", `expected "Derive(["`},
		{"truncated", good[:40], `"/nix/store/1111`, "unterminated string"},
		{"trailing data", good + "x", "x", "unexpected data after the derivation"},
		{"no outputs", `Derive([],[],[],"s","b",[],[])`, `],[],[],"s"`, "derivation has no outputs"},
		{"unsorted outputs", `Derive([("out","` + pathA + `","",""),("dev","` + pathB + `","","")],[],[],"s","b",[],[])`, `"dev"`, `output "dev" is out of order or repeated`},
		{"relative output path", `Derive([("out","a/b","","")],[],[],"s","b",[],[])`, `"a/b"`, "output path"},
		{"bad hash part", `Derive([("out","/nix/store/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-a","","")],[],[],"s","b",[],[])`, `"/nix`, "output path"},
		{"unknown algorithm", `Derive([("out","` + pathA + `","sha3","00")],[],[],"s","b",[],[])`, `"sha3"`, `unknown hash algorithm "sha3"`},
		{"short hash", `Derive([("out","` + pathA + `","sha1","00")],[],[],"s","b",[],[])`, `"sha1"`, "is not 40 lowercase base16 digits"},
		{"escape in platform", `Derive([("out","` + pathA + `","","")],[],[],"a\"b","b",[],[])`, `"a\"b"`, "platform contains a backslash"},
		{"duplicate env", `Derive([("out","` + pathA + `","","")],[],[],"s","b",[],[("a",""),("a","")])`, `"a","")]`, `environment variable "a" is out of order or repeated`},
		{"input drv without outputs", `Derive([("out","` + pathA + `","","")],[("` + drvC + `",[])],[],"s","b",[],[])`, `])],`, "has no outputs"},
		{"missing comma", `Derive([("out","` + pathA + `","","")],[],[]"s","b",[],[])`, `"s"`, `expected ","`},
		{"unterminated escape", `Derive([("out","` + pathA + `","","")],[],[],"s","b\`, `"b\`, "unterminated string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseATerm("test.drv", []byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid")
			}
			offset := strings.LastIndex(tc.in, tc.at)
			if tc.at == "" {
				offset = 0
			}
			if pe.Input != "test.drv" || pe.Offset != offset || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got %q, want offset %d and message containing %q", err, offset, tc.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestNameFromDrvPath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{drvC, "c"},
		{"/x/y/22222222222222222222222222222222-hello-1.0.drv", "hello-1.0"},
	} {
		if got, err := NameFromDrvPath(tc.in); err != nil || got != tc.want {
			t.Errorf("NameFromDrvPath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{pathA, "/nix/store/x.drv", "/nix/store/22222222222222222222222222222222-.drv"} {
		if _, err := NameFromDrvPath(bad); err == nil {
			t.Errorf("NameFromDrvPath(%q) succeeded", bad)
		}
	}
}

// FuzzParseATerm checks that the parser never panics and that whatever it
// accepts survives serialisation: parse(serialise(parse(b))) == parse(b).
func FuzzParseATerm(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/golden/nix-store/*.golden")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "Derive(") {
				f.Add([]byte(line))
				break
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseATerm("fuzz", b)
		if err != nil {
			return
		}
		again, err := ParseATerm("fuzz-again", d.ATerm())
		if err != nil {
			t.Fatalf("serialisation of a parsed derivation does not parse: %v\n%s", err, d.ATerm())
		}
		if !reflect.DeepEqual(again, d) {
			t.Fatalf("round trip differs\n got %#v\nwant %#v", again, d)
		}
	})
}

func TestModuloMapUnknownInput(t *testing.T) {
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDerivation()
	_, err = h.Instantiate(d, ModuloMap{}.Lookup)
	if !errors.Is(err, ErrUnknownInput) || !strings.Contains(err.Error(), drvC) {
		t.Errorf("Instantiate with an unknown input: %v", err)
	}
}

func TestNewHasherRejectsBadStoreDirs(t *testing.T) {
	for _, dir := range []string{"relative/store", "/nix/store/", "/nix/../store", "/"} {
		if _, err := NewHasher(dir); err == nil {
			t.Errorf("NewHasher(%q) succeeded", dir)
		}
	}
}

func TestDrvPathRejectsForeignReferences(t *testing.T) {
	h, err := NewHasher("/other/store")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.DrvPath(sampleDerivation()); err == nil || !strings.Contains(err.Error(), "not a store path in /other/store") {
		t.Errorf("DrvPath with /nix/store references in /other/store: %v", err)
	}
}

func TestInstantiateChecksNames(t *testing.T) {
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(d *Derivation)
		msg  string
	}{
		{"drv suffix", func(d *Derivation) { d.Name = "x.drv" }, "not allowed to end in '.drv'"},
		{"no name", func(d *Derivation) { d.Name = "" }, "no name"},
		{"output drvPath", func(d *Derivation) { d.Outputs["drvPath"] = Output{} }, "invalid derivation output name 'drvPath'"},
		{"bad output name", func(d *Derivation) { d.Outputs["a b"] = Output{} }, "illegal character"},
		{"no outputs", func(d *Derivation) { d.Outputs = map[string]Output{} }, "no outputs"},
		{"mixed fixed", func(d *Derivation) { d.Outputs["out"] = Output{HashAlgo: "sha1", Hash: strings.Repeat("00", 20)} }, "content-addressed outputs"},
		// Nix 2.8 accepts 207 characters (the .drv name is then 211
		// long) and rejects 208, and rejects output "devel" of a
		// 207-character name (its path name is 213 long).
		{"name too long", func(d *Derivation) { d.Name = strings.Repeat("a", 208) }, "longer than 211"},
		{"output name too long", func(d *Derivation) { d.Name = strings.Repeat("a", 207); d.Outputs["devel"] = Output{} }, "longer than 211"},
	} {
		d := sampleDerivation()
		d.InputDrvs = nil
		tc.edit(d)
		if _, err := h.Instantiate(d, nil); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.msg)
		}
	}
	d := sampleDerivation()
	d.InputDrvs = nil
	d.Name = strings.Repeat("a", 207)
	if _, err := h.Instantiate(d, nil); err != nil {
		t.Errorf("207-character name: %v", err)
	}
}

func TestParseDrvTakesNameFromPath(t *testing.T) {
	d := sampleDerivation()
	d.Env["name"] = "env-name"
	drvPath := "/nix/store/33333333333333333333333333333333-path-name.drv"
	got, err := ParseDrv(drvPath, d.ATerm())
	if err != nil || got.Name != "path-name" {
		t.Errorf("ParseDrv: %+v, %v; want name path-name", got, err)
	}
	if _, err := ParseDrv("/nix/store/not-a-drv", d.ATerm()); err == nil {
		t.Error("ParseDrv accepted a path that is not a .drv")
	}
	if _, err := ParseDrv(drvPath, []byte("Derive([(")); err == nil || !strings.HasPrefix(err.Error(), drvPath+": byte 9: ") {
		t.Errorf("ParseDrv error %v does not name the file and offset", err)
	}
}

// TestInstantiateConsistent checks, on random derivations, that what
// Instantiate returns agrees with computing each piece separately from the
// .drv it wrote: drv path, output paths and modulo hash.
func TestInstantiateConsistent(t *testing.T) {
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(p string) (ModuloHash, error) { return sha256.Sum256([]byte(p)), nil }
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 1000 {
		d := randomDerivation(r)
		d.Name = "rnd-" + strconv.Itoa(i)
		for name, o := range d.Outputs {
			d.Outputs[name] = Output{HashAlgo: o.HashAlgo, Hash: o.Hash}
		}
		res, err := h.Instantiate(d, lookup)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		back, err := ParseDrv(res.DrvPath, res.ATerm)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if got, err := h.DrvPath(back); err != nil || got != res.DrvPath {
			t.Errorf("case %d: DrvPath %s, %v; Instantiate %s", i, got, err, res.DrvPath)
		}
		outs, err := h.OutputPaths(back, lookup)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		for name, o := range back.Outputs {
			if outs[name] != o.Path || back.Env[name] != o.Path {
				t.Errorf("case %d: output %s: computed %s, written %s, env %s", i, name, outs[name], o.Path, back.Env[name])
			}
		}
		if m, err := h.HashModulo(back, lookup); err != nil || m != res.Modulo {
			t.Errorf("case %d: HashModulo %s, %v; Instantiate %s", i, m, err, res.Modulo)
		}
	}
}

func TestOutputKinds(t *testing.T) {
	for _, tc := range []struct {
		o     Output
		fixed bool
	}{
		{Output{Path: pathA}, false},
		{Output{}, false},
		{Output{Path: pathA, HashAlgo: "r:sha256", Hash: strings.Repeat("ab", 32)}, true},
		{Output{HashAlgo: "r:sha256"}, false},
		{Output{HashAlgo: "r:sha256", Hash: "impure"}, false},
	} {
		if got := tc.o.IsFixed(); got != tc.fixed {
			t.Errorf("%+v.IsFixed() = %v", tc.o, got)
		}
	}
}

func TestCheckBaseAgreesWithNixpath(t *testing.T) {
	h := "0123456789abcdfghijklmnpqrsvwxyz"
	for _, base := range []string{
		h + "-a", h + "-", h + "a", h[:31] + "-a", h[:31] + "e-a", h[:31] + "E-a",
		h + "-a b", h + "-" + strings.Repeat("x", 211), h + "-" + strings.Repeat("x", 212),
		h + "-.hidden", h + "-a/b", "", "-",
	} {
		_, want := nixpath.ParseBase(base)
		if got := checkBase(base); (got == nil) != (want == nil) {
			t.Errorf("checkBase(%q) = %v, nixpath.ParseBase: %v", base, got, want)
		}
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	g := loadGolden(t, "nix-store", "multi-output.nix")
	h, err := NewHasher(g.storeDir)
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]*Derivation{}
	for p, data := range g.drvs {
		if parsed[p], err = ParseDrv(p, data); err != nil {
			t.Fatal(err)
		}
	}
	lookup := ClosureLookup(h, func(p string) (*Derivation, error) { return parsed[p], nil }, map[string]ModuloHash{})
	var drvPath string
	for p, d := range parsed {
		if len(d.InputDrvs) > 0 && len(d.Outputs) > 1 {
			drvPath = p
		}
	}
	if drvPath == "" {
		t.Fatal("no derivation with inputs and several outputs in the corpus")
	}
	if err := h.Verify(drvPath, parsed[drvPath], lookup); err != nil {
		t.Fatalf("untouched: %v", err)
	}
	for _, tc := range []struct {
		name   string
		tamper func(d *Derivation)
	}{
		{"env value", func(d *Derivation) { d.Env["extra"] = "x" }},
		{"output path", func(d *Derivation) {
			o := d.Outputs["out"]
			o.Path = o.Path[:len(o.Path)-1] + "x"
			d.Outputs["out"] = o
		}},
		{"output env", func(d *Derivation) { d.Env["out"] = "/tmp/x" }},
	} {
		d := parsed[drvPath].Clone()
		tc.tamper(d)
		// as claimed by the original path, and as a forger who also
		// recomputes the drv path would claim it
		forged, err := h.DrvPath(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, claim := range []string{drvPath, forged} {
			if err := h.Verify(claim, d, lookup); !errors.Is(err, ErrMismatch) || !errors.Is(err, ErrInvalid) {
				t.Errorf("%s, claimed as %s: %v", tc.name, claim, err)
			}
		}
	}
}
