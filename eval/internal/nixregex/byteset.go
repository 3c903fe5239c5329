package nixregex

// byteSet is a set of bytes, one bit per byte value.
type byteSet [4]uint64

func (s *byteSet) add(b byte)       { s[b>>6] |= 1 << (b & 63) }
func (s *byteSet) has(b byte) bool  { return s[b>>6]&(1<<(b&63)) != 0 }
func (s *byteSet) union(o *byteSet) { s[0] |= o[0]; s[1] |= o[1]; s[2] |= o[2]; s[3] |= o[3] }
func (s *byteSet) invert()          { s[0], s[1], s[2], s[3] = ^s[0], ^s[1], ^s[2], ^s[3] }
func (s *byteSet) empty() bool      { return s[0]|s[1]|s[2]|s[3] == 0 }
func (s *byteSet) addIf(f func(byte) bool) {
	for c := 0; c < 256; c++ {
		if f(byte(c)) {
			s.add(byte(c))
		}
	}
}

// C-locale character classes, as std::ctype<char> classifies bytes in the
// classic locale: only ASCII bytes belong to any class.
func isUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool  { return isUpper(c) || isLower(c) }
func isAlnum(c byte) bool  { return isAlpha(c) || isDigit(c) }
func isSpace(c byte) bool  { return c == ' ' || ('\t' <= c && c <= '\r') }
func isBlank(c byte) bool  { return c == ' ' || c == '\t' }
func isCntrl(c byte) bool  { return c < 0x20 || c == 0x7f }
func isPrint(c byte) bool  { return 0x20 <= c && c < 0x7f }
func isGraph(c byte) bool  { return 0x20 < c && c < 0x7f }
func isPunct(c byte) bool  { return isGraph(c) && !isAlnum(c) }
func isXdigit(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }
func isWord(c byte) bool   { return isAlnum(c) || c == '_' }

// classes maps the names accepted inside [: :] (after ASCII lower-casing,
// as libstdc++ does) to their membership test.
var classes = map[string]func(byte) bool{
	"d": isDigit, "w": isWord, "s": isSpace,
	"alnum": isAlnum, "alpha": isAlpha, "blank": isBlank, "cntrl": isCntrl,
	"digit": isDigit, "graph": isGraph, "lower": isLower, "print": isPrint,
	"punct": isPunct, "space": isSpace, "upper": isUpper, "xdigit": isXdigit,
}

// lowerASCII folds ASCII upper case only (the classic locale's tolower).
func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + ('a' - 'A')
	}
	return c
}

// collatingName returns the byte named by a collating element [.name.] or
// equivalence class [=name=]. Only the POSIX portable character set names
// are known (letters name themselves, digits are "zero".."nine", punctuation
// has long names such as "hyphen"), as in libstdc++'s regex_traits.
func collatingName(name string) (byte, bool) {
	if len(name) == 1 && isAlpha(name[0]) {
		return name[0], true
	}
	c, ok := collatingNames[name]
	return c, ok
}

var collatingNames = func() map[string]byte {
	names := []string{
		"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "alert", "backspace", "tab",
		"newline", "vertical-tab", "form-feed", "carriage-return", "SO", "SI", "DLE",
		"DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
		"IS4", "IS3", "IS2", "IS1", "space", "exclamation-mark", "quotation-mark",
		"number-sign", "dollar-sign", "percent-sign", "ampersand", "apostrophe",
		"left-parenthesis", "right-parenthesis", "asterisk", "plus-sign", "comma",
		"hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five",
		"six", "seven", "eight", "nine", "colon", "semicolon", "less-than-sign",
		"equals-sign", "greater-than-sign", "question-mark", "commercial-at",
	}
	m := make(map[string]byte, len(names)+10)
	for i, n := range names {
		m[n] = byte(i)
	}
	// After '@' come the letters (named by themselves, see collatingName)
	// with the punctuation between and after them.
	for n, c := range map[string]byte{
		"left-square-bracket": '[', "backslash": '\\', "right-square-bracket": ']',
		"circumflex": '^', "underscore": '_', "grave-accent": '`',
		"left-curly-bracket": '{', "vertical-line": '|', "right-curly-bracket": '}',
		"tilde": '~', "DEL": 0x7f,
	} {
		m[n] = c
	}
	return m
}()
