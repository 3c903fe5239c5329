// Package nixjson reads and writes JSON the way Nix 2.26's builtins do.
//
// Writing (builtins.toJSON, nix-instantiate --json): strings escape '"',
// '\\', \b, \f, \n, \r, \t and the other bytes below 0x20 (as \u00XX);
// everything else, DEL and non-ASCII included, is copied as is, and must
// be valid UTF-8 (CheckUTF8). Floats use nixfloat.FormatJSON.
//
// Reading (builtins.fromJSON, nlohmann::json's SAX parser underneath):
// strict RFC 8259 syntax (no comments, no trailing commas, no leading
// zeros, no "+", no NaN literals, no raw control characters in strings),
// a UTF-8 byte order mark is skipped, strings must be valid UTF-8 and
// surrogates must pair. Numbers without fraction or exponent are integers:
// those that fit in int64 as such; those that fit only in uint64 are a
// *RangeError; larger ones, and negative ones below int64, become
// floats. Numbers with a fraction or exponent are floats; overflow to
// infinity is an error, underflow gives 0. A later duplicate key replaces
// an earlier one. A string or key holding \u0000 is a *NulError.
package nixjson

import (
	"fmt"
	"unicode/utf8"
)

// AppendString appends s as a JSON string literal, escaped exactly as
// Nix's toJSON does. It does not check that s is UTF-8: see CheckUTF8.
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
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// CheckUTF8 reports whether s can be written as JSON: Nix refuses strings
// that are not UTF-8, naming the first offending byte as nlohmann::json
// does.
func CheckUTF8(s string) error {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || w > 1 {
			i += w
			continue
		}
		// The byte that ends the sequence early: the lead byte itself, or
		// the first continuation byte out of range.
		j := i
		if n := seqLen(s[i]); n > 0 {
			for j = i + 1; j < i+n && j < len(s) && contOK(s[i], j-i, s[j]); j++ {
			}
			if j == len(s) {
				return fmt.Errorf("JSON serialization error: [json.exception.type_error.316] incomplete UTF-8 string; last byte: 0x%02X", s[j-1])
			}
		}
		return fmt.Errorf("JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index %d: 0x%02X", j, s[j])
	}
	return nil
}

// seqLen is the length of the UTF-8 sequence lead byte c starts, or 0.
func seqLen(c byte) int {
	switch {
	case c >= 0xc2 && c <= 0xdf:
		return 2
	case c >= 0xe0 && c <= 0xef:
		return 3
	case c >= 0xf0 && c <= 0xf4:
		return 4
	}
	return 0
}

// contOK reports whether c can be byte k (1-based after the lead) of a
// sequence led by lead: the second byte's range depends on the lead (no
// overlong forms, surrogates or code points above U+10FFFF).
func contOK(lead byte, k int, c byte) bool {
	lo, hi := byte(0x80), byte(0xbf)
	if k == 1 {
		switch lead {
		case 0xe0:
			lo = 0xa0
		case 0xed:
			hi = 0x9f
		case 0xf0:
			lo = 0x90
		case 0xf4:
			hi = 0x8f
		}
	}
	return c >= lo && c <= hi
}
