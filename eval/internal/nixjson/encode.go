// Package nixjson reads and writes JSON the way Nix 2.8's builtins do.
//
// Writing (builtins.toJSON, nix-instantiate --json): strings escape only
// '"', '\\', \n, \r, \t and the other bytes below 0x20 (as \u00XX, so
// \b is \u0008); everything else, DEL and non-ASCII bytes included, is
// copied as is. Floats use nixfloat.Format ("%g", six digits).
//
// Reading (builtins.fromJSON, nlohmann::json's SAX parser underneath):
// strict RFC 8259 syntax (no comments, no trailing commas, no leading
// zeros, no "+", no NaN literals, no raw control characters in strings),
// a UTF-8 byte order mark is skipped, strings must be valid UTF-8 and
// surrogates must pair. Numbers without fraction or exponent are integers:
// those that fit in int64 as such, those that fit only in uint64 wrap to
// a negative int64 (18446744073709551615 is -1), larger ones become
// floats. Numbers with a fraction or exponent are floats; overflow to
// infinity is an error, underflow gives 0. A later duplicate key replaces
// an earlier one. Nix string values cannot hold NUL, so a decoded string
// ends at its first \u0000; object keys keep it.
package nixjson

// AppendString appends s as a JSON string literal, escaped exactly as
// Nix 2.8's toJSON does.
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
