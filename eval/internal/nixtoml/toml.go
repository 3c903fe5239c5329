// Package nixtoml decodes TOML the way Nix 2.26's builtins.fromTOML does,
// into plain Go values: map[string]any for tables, []any for arrays
// (arrays of tables included), int64, float64, string and bool.
//
// Nix parses with toml11; this package uses github.com/BurntSushi/toml
// and adjusts the differences that change results:
//
//   - Offset date-times, local date-times, local dates and local times are
//     errors ("Dates and times are not supported"), wherever they appear.
//   - Integers outside int64 and floats that overflow are errors, as in
//     toml11 (Nix 2.8's saturated them).
//   - NaN keeps its sign: "-nan" is a NaN with the sign bit set.
//   - A string or key holding NUL (\u0000) is a *NulError, as Nix
//     strings cannot hold NUL.
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

// Decode parses a TOML document. Errors are *toml.ParseError for syntax
// and semantic errors (out-of-range numbers included), ErrDateTime or
// *NulError.
func Decode(doc string) (map[string]any, error) {
	var m map[string]any
	if _, err := toml.Decode(doc, &m); err != nil {
		return nil, err
	}
	return convert(m)
}

// NulError reports a string or key holding a NUL byte.
type NulError struct {
	S string
}

func (e *NulError) Error() string {
	return "error: input string '" + strings.ReplaceAll(e.S, "\x00", "\u2400") + "' cannot be represented as Nix string because it contains null bytes"
}

func convert(m map[string]any) (map[string]any, error) {
	for k, v := range m {
		if strings.IndexByte(k, 0) >= 0 {
			return nil, &NulError{S: k}
		}
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
		if strings.IndexByte(v, 0) >= 0 {
			return nil, &NulError{S: v}
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
