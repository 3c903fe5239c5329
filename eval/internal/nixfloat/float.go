// Package nixfloat formats floating-point numbers the way Nix 2.26 does.
//
// Nix has three formats:
//
//   - Format, C's printf("%g") with the default precision of 6 significant
//     digits (what a C++ ostream produces). It is used when values are
//     printed (nix-instantiate --eval and --xml output, trace, error
//     messages) and by builtins.toXML: 123456789.0 is "1.23457e+08",
//     infinities and NaN are inf, -inf, nan and -nan.
//   - FormatJSON, nlohmann::json's: Grisu2's digits, which read back as
//     the same double (almost always the shortest such), fixed notation when the decimal point falls within
//     the first 15 digits or up to 3 zeros after it, "1.0" for integral
//     values, exponents of at least two digits ("1e-05", "1e+20"), and
//     null for infinities and NaN. builtins.toJSON and --json use it
//     (Nix 2.8 used Format there).
//   - FormatFixed, C's printf("%f") (std::to_string), used by
//     builtins.toString and string interpolation of floats: always six
//     digits after the point, so toString 0.1 is "0.100000" and
//     toString 1e20 is "100000000000000000000.000000".
//
// NaN keeps its sign bit: on x86-64, inf - inf and 0 * inf produce a NaN
// with the sign bit set, which Nix prints as "-nan". Evaluators must
// therefore not canonicalise NaNs.
package nixfloat

import (
	"math"
	"strconv"
)

// Format returns f as C's "%g" prints it: 6 significant digits, fixed
// notation when the decimal exponent is in [-4, 6), exponent notation
// ("1e+06", "1.5e-07") otherwise, trailing zeros and a trailing point
// removed.
func Format(f float64) string {
	return string(AppendFormat(nil, f))
}

// AppendFormat appends Format(f) to dst.
func AppendFormat(dst []byte, f float64) []byte {
	if s, ok := special(f); ok {
		return append(dst, s...)
	}
	const prec = 6
	// The exponent after rounding to prec significant digits decides.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', prec-1, 64)
	exp := exponent(e)
	start := len(dst)
	if exp < -4 || exp >= prec {
		dst = append(dst, e...)
		// Strip zeros at the end of the mantissa, before the 'e'.
		i := indexByte(dst[start:], 'e') + start
		j := i
		for dst[j-1] == '0' {
			j--
		}
		if dst[j-1] == '.' {
			j--
		}
		return append(dst[:j], dst[i:]...)
	}
	dst = strconv.AppendFloat(dst, f, 'f', prec-1-exp, 64)
	if indexByte(dst[start:], '.') >= 0 {
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
		if dst[len(dst)-1] == '.' {
			dst = dst[:len(dst)-1]
		}
	}
	return dst
}

// FormatJSON returns f as Nix's toJSON writes it (see the package comment).
func FormatJSON(f float64) string {
	return string(AppendFormatJSON(nil, f))
}

// AppendFormatJSON appends FormatJSON(f) to dst.
func AppendFormatJSON(dst []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, "null"...)
	}
	if math.Signbit(f) {
		dst = append(dst, '-')
		f = -f
	}
	if f == 0 {
		return append(dst, "0.0"...)
	}
	// Grisu2's digits (see grisu.go); n is where the decimal point goes,
	// counted in digits from the left.
	var buf [24]byte
	digits, d := grisu2(buf[:0], f)
	k := len(digits)
	n := k + d
	const minExp, maxExp = -4, 15
	switch {
	case k <= n && n <= maxExp:
		dst = append(dst, digits...)
		for i := k; i < n; i++ {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	case 0 < n && n <= maxExp:
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		return append(dst, digits[n:]...)
	case minExp < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := n; i < 0; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[0])
	if k > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	x := n - 1
	dst = append(dst, 'e')
	if x < 0 {
		dst = append(dst, '-')
		x = -x
	} else {
		dst = append(dst, '+')
	}
	if x < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(x), 10)
}

// FormatFixed returns f as C's "%f" prints it (std::to_string): six
// digits after the decimal point, no exponent.
func FormatFixed(f float64) string {
	if s, ok := special(f); ok {
		return s
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}

// special handles infinities and NaNs, which glibc prints in lower case
// with the sign bit shown.
func special(f float64) (string, bool) {
	switch {
	case math.IsInf(f, 1):
		return "inf", true
	case math.IsInf(f, -1):
		return "-inf", true
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan", true
		}
		return "nan", true
	}
	return "", false
}

// exponent parses the decimal exponent of strconv's 'e' format.
func exponent(e []byte) int {
	i := indexByte(e, 'e') + 1
	neg := e[i] == '-'
	n := 0
	for _, c := range e[i+1:] {
		n = n*10 + int(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
