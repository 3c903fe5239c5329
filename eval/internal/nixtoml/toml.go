// Package nixtoml decodes TOML the way Nix 2.8's builtins.fromTOML does,
// into plain Go values: map[string]any for tables, []any for arrays
// (arrays of tables included), int64, float64, string and bool.
//
// Nix 2.8 parses with toml11; this package uses github.com/BurntSushi/toml
// and adjusts the differences that change results:
//
//   - Offset date-times, local date-times, local dates and local times are
//     errors ("Dates and times are not supported"), wherever they appear.
//   - Integers outside int64 saturate to math.MaxInt64 or math.MinInt64
//     (0xFFFFFFFFFFFFFFFF is 9223372036854775807), and floats that
//     overflow saturate to ±math.MaxFloat64, as toml11's stream parsing
//     does; Go's parsers reject them.
//   - NaN keeps its sign: "-nan" is a NaN with the sign bit set.
//   - A string value ends at its first NUL (\u0000), as Nix copies string
//     values as C strings; keys keep it.
//
// Known differences, all in inputs Nix rejects and we accept (BurntSushi
// implements TOML 1.1): the \x and \e escapes, a trailing comma or
// newlines inside an inline table, and adding keys to an inline table with
// a later dotted key (a = { b = 1 } then a.c = 2).
package nixtoml

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// ErrDateTime is returned for documents containing a date or time value.
var ErrDateTime = errors.New("Dates and times are not supported")

// maxRetries bounds the re-parses done to saturate out-of-range numbers.
const maxRetries = 10000

// Decode parses a TOML document. Errors are *toml.ParseError for syntax
// and semantic errors, or ErrDateTime.
func Decode(doc string) (map[string]any, error) {
	for i := 0; ; i++ {
		var m map[string]any
		_, err := toml.Decode(doc, &m)
		if err == nil {
			return convert(m)
		}
		fixed, ok := saturate(doc, err)
		if !ok || i == maxRetries {
			return nil, err
		}
		doc = fixed
	}
}

// saturate replaces the out-of-range number err complains about with the
// value toml11 would have produced, and reports whether it did.
func saturate(doc string, err error) (string, bool) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return "", false
	}
	start, n := pe.Position.Start, pe.Position.Len
	if start < 0 || n <= 0 || start+n > len(doc) {
		return "", false
	}
	lit := doc[start : start+n]
	var repl string
	switch pe.Message {
	case lit + " is out of range for int64":
		repl = "9223372036854775807"
		if lit[0] == '-' {
			repl = "-9223372036854775808"
		}
	case lit + " is out of range for float64":
		repl = "1.7976931348623157e308"
		if lit[0] == '-' {
			repl = "-1.7976931348623157e308"
		}
	default:
		return "", false
	}
	return doc[:start] + repl + doc[start+n:], true
}

func convert(m map[string]any) (map[string]any, error) {
	for k, v := range m {
		c, err := value(v)
		if err != nil {
			return nil, err
		}
		m[k] = c
	}
	return m, nil
}

func value(v any) (any, error) {
	switch v := v.(type) {
	case string:
		// Nix copies string values as C strings.
		if i := strings.IndexByte(v, 0); i >= 0 {
			return v[:i], nil
		}
		return v, nil
	case int64, bool:
		return v, nil
	case float64:
		return v, nil
	case time.Time:
		return nil, ErrDateTime
	case map[string]any:
		return convert(v)
	case []map[string]any:
		out := make([]any, len(v))
		for i, t := range v {
			c, err := convert(t)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case []any:
		for i, e := range v {
			c, err := value(e)
			if err != nil {
				return nil, err
			}
			v[i] = c
		}
		return v, nil
	}
	return nil, fmt.Errorf("nixtoml: unexpected %T from the TOML decoder", v)
}
