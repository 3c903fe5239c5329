// Package nixprint writes strings and attribute names the way Nix 2.26
// prints values (nix-instantiate --eval, trace, error messages).
package nixprint

// AppendString appends s as a Nix string literal: in double quotes, with
// '"' and '\\' escaped, newline, CR and tab as \n, \r and \t, and "${"
// written as "\${". Every other byte, control characters and non-UTF-8
// bytes included, is copied unchanged.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			esc = `\$`
		default:
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, esc...)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// IsVarName reports whether Nix prints name bare in an attribute set: a
// non-empty run of ASCII letters, digits, '_', '-' and '\” that does not
// start with a digit, '-' or '\”, and is not a keyword (if, then, else,
// assert, with, let, in, rec, inherit; or, true and null are bare).
func IsVarName(name string) bool {
	switch name {
	case "", "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit":
		return false
	}
	if c := name[0]; ('0' <= c && c <= '9') || c == '-' || c == '\'' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_' || c == '-' || c == '\'') {
			return false
		}
	}
	return true
}

// AppendAttrName appends an attribute name as Nix prints it before " = ":
// bare if IsVarName, otherwise quoted like AppendString.
func AppendAttrName(dst []byte, name string) []byte {
	if IsVarName(name) {
		return append(dst, name...)
	}
	return AppendString(dst, name)
}
