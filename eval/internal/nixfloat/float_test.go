package nixfloat

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/eval/internal/nixoracle"
)

var update = flag.Bool("update", false, "re-record testdata/nix.json by running nix-instantiate")

const goldenFile = "testdata/nix.json"

// answer is how Nix printed one value.
type answer struct {
	Input    string `json:"input"`
	Print    string `json:"print"`    // nix-instantiate --eval
	ToString string `json:"toString"` // builtins.toString
	ToJSON   string `json:"toJSON"`   // builtins.toJSON
	ToXML    string `json:"toXML"`    // the value attribute of builtins.toXML
}

func parseInput(s string) (float64, error) {
	switch s {
	case "nan":
		return math.Float64frombits(0x7ff8000000000000), nil
	case "-nan":
		return math.Float64frombits(0xfff8000000000000), nil
	}
	return strconv.ParseFloat(s, 64) // also reads inf and -inf
}

// nixLiteral writes f as a Nix expression that evaluates to exactly f.
func nixLiteral(s string) string {
	switch s {
	case "inf", "-inf", "nan", "-nan":
		// TOML is the only way to write a positive NaN in Nix 2.8.
		return fmt.Sprintf("(builtins.fromTOML \"x = %s\").x", s)
	}
	f, _ := parseInput(s)
	if f == 0 && math.Signbit(f) {
		return "(0.0 * -1)" // -0.0 is 0 - 0.0 in Nix, which is +0
	}
	lit := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	if !strings.Contains(lit, ".") { // Nix float literals need a point
		lit = strings.Replace(lit, "e", ".0e", 1)
	}
	if math.Signbit(f) {
		return "(-" + lit + ")"
	}
	return lit
}

func loadInputs(t *testing.T) []string {
	t.Helper()
	in := nixoracle.QuotedStrings(t, "testdata/floats.txt")
	for _, s := range in {
		if _, err := parseInput(s); err != nil {
			t.Fatalf("floats.txt: %v", err)
		}
	}
	// Random values over the whole range of magnitudes, and values close
	// to the rounding boundaries of six significant digits.
	r := rand.New(rand.NewPCG(8, 2026))
	for i := 0; i < 300; i++ {
		m := r.Float64() * 10
		e := r.IntN(80) - 40
		in = append(in, strconv.FormatFloat(m*math.Pow(10, float64(e)), 'g', -1, 64))
	}
	for i := 0; i < 100; i++ {
		d := 100000 + r.IntN(900000)
		e := r.IntN(30) - 15
		in = append(in, fmt.Sprintf("%d.5e%d", d, e), fmt.Sprintf("%d.49999e%d", d, e))
	}
	return in
}

func run(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := nixoracle.Instantiate(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func record(t *testing.T, inputs []string) {
	lits := make([]string, len(inputs))
	for i, s := range inputs {
		lits[i] = nixLiteral(s)
	}
	file := nixoracle.ListFile(t, lits)
	printed := strings.Fields(strings.Trim(strings.TrimSpace(string(run(t, "--eval", "--strict", file))), "[]"))
	var strs [][3]string
	expr := `map (x: [ (toString x) (builtins.toJSON x) (builtins.toXML x) ]) (import ` + file + `)`
	if err := json.Unmarshal(run(t, "--eval", "--strict", "--json", "-E", expr), &strs); err != nil {
		t.Fatal(err)
	}
	if len(printed) != len(inputs) || len(strs) != len(inputs) {
		t.Fatalf("got %d printed and %d strings for %d inputs", len(printed), len(strs), len(inputs))
	}
	xmlValue := regexp.MustCompile(`<float value="([^"]*)"`)
	answers := make([]answer, len(inputs))
	for i, in := range inputs {
		m := xmlValue.FindStringSubmatch(strs[i][2])
		if m == nil {
			t.Fatalf("no float in toXML output %q", strs[i][2])
		}
		answers[i] = answer{Input: in, Print: printed[i], ToString: strs[i][0], ToJSON: strs[i][1], ToXML: m[1]}
	}
	nixoracle.WriteGolden(t, goldenFile, answers)
}

func TestAgainstNix(t *testing.T) {
	inputs := loadInputs(t)
	if *update {
		record(t, inputs)
	}
	var answers []answer
	nixoracle.ReadGolden(t, goldenFile, &answers)
	if len(answers) != len(inputs) {
		t.Fatal("testdata/nix.json is stale: run go test -update")
	}
	for i, a := range answers {
		if a.Input != inputs[i] {
			t.Fatal("testdata/nix.json is stale: run go test -update")
		}
		f, _ := parseInput(a.Input)
		if got := Format(f); got != a.Print || got != a.ToXML {
			t.Errorf("Format(%s) = %q; Nix prints %q, toXML %q", a.Input, got, a.Print, a.ToXML)
		}
		if got := FormatJSON(f); got != a.ToJSON {
			t.Errorf("FormatJSON(%s) = %q; Nix toJSON gives %q", a.Input, got, a.ToJSON)
		}
		if got := FormatFixed(f); got != a.ToString {
			t.Errorf("FormatFixed(%s) = %q; Nix toString gives %q", a.Input, got, a.ToString)
		}
	}
}

func TestAppendFormatNoAlloc(t *testing.T) {
	buf := make([]byte, 0, 64)
	n := testing.AllocsPerRun(100, func() { buf = AppendFormat(buf[:0], 123.456) })
	if n != 0 {
		t.Errorf("AppendFormat allocates %v times", n)
	}
	n = testing.AllocsPerRun(100, func() { buf = AppendFormatJSON(buf[:0], 123.456e-30) })
	if n != 0 {
		t.Errorf("AppendFormatJSON allocates %v times", n)
	}
}

func FuzzFormat(f *testing.F) {
	for _, x := range []float64{0.1, math.Copysign(0, -1), 1e21, 123456.5, 1e-5, -2.5e-308, math.SmallestNonzeroFloat64, math.MaxFloat64, 999999.5} {
		f.Add(math.Float64bits(x))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := math.Float64frombits(bits)
		s := Format(x)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		// Six significant digits: parsing back is within relative 5e-6.
		y, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("Format(%v) = %q does not parse: %v", x, s, err)
		}
		if x != 0 && math.Abs((y-x)/x) > 5e-6 {
			t.Fatalf("Format(%v) = %q is too far off", x, s)
		}
		// FormatJSON reads back exactly.
		if y, err := strconv.ParseFloat(FormatJSON(x), 64); err != nil || y != x {
			t.Fatalf("FormatJSON(%v) = %q reads back as %v, %v", x, FormatJSON(x), y, err)
		}
	})
}
