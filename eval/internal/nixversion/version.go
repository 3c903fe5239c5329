// Package nixversion implements Nix 2.8's version-string builtins:
// builtins.compareVersions, builtins.splitVersion and
// builtins.parseDrvName, byte for byte as libnixstore's names.cc does.
//
// A version is split into components: runs of ASCII digits, or runs of
// other bytes up to the next digit, '.' or '-'. Dots and dashes only
// separate. Two components compare as numbers when both are decimal
// numbers that fit in a C int (32 bits; longer digit runs compare as
// strings); otherwise an empty component is older than a number, "pre" is
// older than anything but "pre", a non-number is older than a number, and
// two non-numbers compare bytewise.
package nixversion

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// NextComponent returns the first component of v after skipping leading
// separators, and the rest of v after it. The component is "" only when v
// holds nothing but separators.
func NextComponent(v string) (component, rest string) {
	i := 0
	for i < len(v) && (v[i] == '.' || v[i] == '-') {
		i++
	}
	if i == len(v) {
		return "", ""
	}
	j := i
	if isDigit(v[i]) {
		for j < len(v) && isDigit(v[j]) {
			j++
		}
	} else {
		for j < len(v) && !isDigit(v[j]) && v[j] != '.' && v[j] != '-' {
			j++
		}
	}
	return v[i:j], v[j:]
}

// Split is builtins.splitVersion: the components of v in order.
func Split(v string) []string {
	var out []string
	for {
		c, rest := NextComponent(v)
		if c == "" {
			return out
		}
		out = append(out, c)
		v = rest
	}
}

// number parses a component as Nix's string2Int<int> does: decimal digits
// only, within the range of a 32-bit int.
func number(c string) (int64, bool) {
	if c == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(c); i++ {
		if !isDigit(c[i]) {
			return 0, false
		}
		n = n*10 + int64(c[i]-'0')
		if n > 1<<31-1 {
			return 0, false
		}
	}
	return n, true
}

// componentLess is Nix's componentsLT.
func componentLess(c1, c2 string) bool {
	n1, ok1 := number(c1)
	n2, ok2 := number(c2)
	switch {
	case ok1 && ok2:
		return n1 < n2
	case c1 == "" && ok2:
		return true
	case c1 == "pre" && c2 != "pre":
		return true
	case c2 == "pre":
		return false
	case ok2:
		return true
	case ok1:
		return false
	}
	return c1 < c2
}

// Compare is builtins.compareVersions: -1 if v1 is older than v2, 0 if
// they are equal as versions, 1 if v1 is newer.
func Compare(v1, v2 string) int {
	for v1 != "" || v2 != "" {
		var c1, c2 string
		c1, v1 = NextComponent(v1)
		c2, v2 = NextComponent(v2)
		if componentLess(c1, c2) {
			return -1
		}
		if componentLess(c2, c1) {
			return 1
		}
	}
	return 0
}

// ParseDrvName is builtins.parseDrvName: the name is everything before
// the first '-' that is followed by a byte that is not an ASCII letter,
// and the version everything after that dash. Without such a dash the
// version is empty.
func ParseDrvName(s string) (name, version string) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '-' && !isAlpha(s[i+1]) {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}
