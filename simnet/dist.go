package simnet

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Unit says how a scenario value is written and what a Dist's samples mean.
type Unit int

const (
	// UnitDuration values are Go durations ("20ms", "1m30s"); samples are
	// nanoseconds.
	UnitDuration Unit = iota
	// UnitBytes values are byte counts with an optional suffix (KB, MB,
	// GB: powers of 1000; KiB, MiB, GiB: powers of 1024).
	UnitBytes
	// UnitNumber values are plain numbers; "10%" means 0.1.
	UnitNumber
)

// Dist is a probability distribution of one scenario quantity. The forms
// are a constant ("20ms"), "uniform LO HI", "exp MEAN" and
// "lognormal MEDIAN SIGMA" (SIGMA a plain number). Samples are never
// negative.
type Dist struct {
	Kind  string  // "const", "uniform", "exp" or "lognormal"
	A, B  float64 // const: A; uniform: [A, B); exp: mean A; lognormal: median A, sigma B
	Unit  Unit
	Token string // the text it was parsed from, for reports
}

// Const returns the constant distribution v.
func Const(v float64, u Unit) Dist { return Dist{Kind: "const", A: v, Unit: u} }

// Sample draws one value.
func (d Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case "uniform":
		return d.A + r.Float64()*(d.B-d.A)
	case "exp":
		return r.ExpFloat64() * d.A
	case "lognormal":
		return d.A * math.Exp(d.B*r.NormFloat64())
	}
	return d.A
}

// Duration draws one value as a duration.
func (d Dist) Duration(r *rand.Rand) time.Duration { return time.Duration(d.Sample(r)) }

// Mean is the distribution's expected value.
func (d Dist) Mean() float64 {
	switch d.Kind {
	case "uniform":
		return (d.A + d.B) / 2
	case "exp":
		return d.A
	case "lognormal":
		return d.A * math.Exp(d.B*d.B/2)
	}
	return d.A
}

// Max is an upper bound of the samples, or +Inf.
func (d Dist) Max() float64 {
	switch d.Kind {
	case "uniform":
		return d.B
	case "exp", "lognormal":
		return math.Inf(1)
	}
	return d.A
}

func (d Dist) String() string {
	if d.Token != "" {
		return d.Token
	}
	return formatValue(d.A, d.Unit)
}

// parseDist parses the fields of a distribution.
func parseDist(f []string, u Unit) (Dist, error) {
	tok := strings.Join(f, " ")
	if len(f) == 0 {
		return Dist{}, fmt.Errorf("missing value")
	}
	arity := map[string]int{"uniform": 2, "exp": 1, "lognormal": 2}
	n, named := arity[f[0]]
	if !named {
		if len(f) != 1 {
			return Dist{}, fmt.Errorf("%q: want one value or uniform/exp/lognormal", tok)
		}
		v, err := parseValue(f[0], u)
		return Dist{Kind: "const", A: v, Unit: u, Token: tok}, err
	}
	if len(f) != n+1 {
		return Dist{}, fmt.Errorf("%q: %s takes %d values", tok, f[0], n)
	}
	d := Dist{Kind: f[0], Unit: u, Token: tok}
	var err error
	if d.A, err = parseValue(f[1], u); err != nil {
		return Dist{}, err
	}
	if n == 2 {
		bu := u
		if d.Kind == "lognormal" {
			bu = UnitNumber
		}
		if d.B, err = parseValue(f[2], bu); err != nil {
			return Dist{}, err
		}
	}
	if d.Kind == "uniform" && d.B < d.A {
		return Dist{}, fmt.Errorf("%q: upper bound below lower bound", tok)
	}
	return d, nil
}

var byteSuffixes = []struct {
	s string
	m float64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}

// parseValue parses one non-negative value written in unit u.
func parseValue(s string, u Unit) (float64, error) {
	var v float64
	var err error
	switch u {
	case UnitDuration:
		var d time.Duration
		d, err = time.ParseDuration(s)
		v = float64(d)
	case UnitBytes:
		num, mult := s, 1.0
		for _, x := range byteSuffixes {
			if strings.HasSuffix(s, x.s) {
				num, mult = strings.TrimSuffix(s, x.s), x.m
				break
			}
		}
		v, err = strconv.ParseFloat(num, 64)
		v *= mult
	default:
		if p, ok := strings.CutSuffix(s, "%"); ok {
			v, err = strconv.ParseFloat(p, 64)
			v /= 100
		} else {
			v, err = strconv.ParseFloat(s, 64)
		}
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("bad value %q", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("negative value %q", s)
	}
	return v, nil
}

func formatValue(v float64, u Unit) string {
	switch u {
	case UnitDuration:
		return time.Duration(v).String()
	case UnitBytes:
		return formatBytes(v)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func formatBytes(v float64) string {
	for _, x := range []struct {
		s string
		m float64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}} {
		if v >= x.m {
			return strconv.FormatFloat(v/x.m, 'f', 1, 64) + x.s
		}
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + "B"
}
