package nixtoml

import (
	"errors"
	"strings"

	"github.com/BurntSushi/toml"
)

// Explain returns the first line of the message with which toml11 (the
// parser of Nix 2.26) refuses a document that Decode refused with err, or
// "" when err is of no kind it knows. toml11 goes on with lines that show
// the spot; those are not reproduced.
func Explain(err error) string {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return ""
	}
	m := pe.Message
	switch {
	case strings.HasSuffix(m, "is out of range for int64"):
		lit := strings.TrimLeft(m, "+-")
		if len(lit) > 2 && lit[0] == '0' {
			if base, ok := map[byte]string{'x': "hex", 'o': "oct", 'b': "bin"}[lit[1]]; ok {
				return "[error] toml::parse_" + base + "_integer: too large integer: current max value = 2^63"
			}
		}
		return "[error] toml::parse_dec_integer: too large integer: current max digits = 2^63"
	case strings.HasSuffix(m, "is out of range for float64"):
		return "[error] toml::parse_floating: failed to read floating point value from stream"
	case strings.HasSuffix(m, "has already been defined."):
		if pe.LastKey == "" { // a table header
			return "[error] toml::insert_value: failed to insert a table, table already defined"
		}
		return "[error] toml::insert_value: failed to insert a value, value already exists"
	case strings.HasPrefix(m, "unexpected EOF; expected value"), strings.HasPrefix(m, "expected value but found"):
		return "[error] bad format: unknown value appeared"
	case strings.Contains(m, "to end table name"):
		return "[error] toml::parse_file: invalid table key"
	case strings.Contains(m, "end of table array name delimiter"):
		return "[error] toml::parse_file: invalid array-table key"
	}
	return ""
}
