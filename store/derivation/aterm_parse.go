package derivation

import (
	"encoding/json"
	"path"
	"strconv"
	"strings"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/store/nixpath"
)

// ParseError is an error in ATerm input. It names the input (a file name
// or another label given to ParseATerm) and the byte offset at which the
// problem was found.
type ParseError struct {
	Input  string
	Offset int
	Msg    string
}

// Error returns "<input>: byte <offset>: <message>" on one line.
func (e *ParseError) Error() string {
	return e.Input + ": byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Unwrap makes every ParseError match ErrInvalid.
func (e *ParseError) Unwrap() error { return ErrInvalid }

// ParseATerm parses the contents of a .drv file. input names the data in
// errors. It accepts what Nix 2.8 writes, and checks more than Nix does:
// outputs, input derivations, input sources, output names and env keys must
// be strictly sorted (Nix writes them so; duplicates are an error), store
// paths must be absolute paths with a valid "<hash>-<name>" base name,
// hash algorithms and hashes must be well-formed, and nothing may follow
// the closing parenthesis. Escape sequences are rejected in the fields Nix
// writes without escaping (output names, paths, hashes, platform), so that
// re-serialising a parsed derivation gives back the same derivation.
//
// The derivation's Name is taken from env "name", or from the "name" field
// of env "__json" (structured attributes); callers that know the .drv path
// should prefer NameFromDrvPath.
func ParseATerm(input string, data []byte) (d *Derivation, err error) {
	p := &atermParser{input: input, s: string(data)}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*ParseError)
			if !ok {
				panic(r)
			}
			d, err = nil, pe
		}
	}()
	return p.derivation(), nil
}

type atermParser struct {
	input string
	s     string
	pos   int
}

func (p *atermParser) failAt(off int, msg string) {
	panic(&ParseError{Input: p.input, Offset: off, Msg: msg})
}

func (p *atermParser) expect(lit string) {
	if !strings.HasPrefix(p.s[p.pos:], lit) {
		if p.pos >= len(p.s) {
			p.failAt(p.pos, "unexpected end of input, expected "+strconv.Quote(lit))
		}
		p.failAt(p.pos, "expected "+strconv.Quote(lit)+", found "+strconv.QuoteRune(rune(p.s[p.pos])))
	}
	p.pos += len(lit)
}

// next consumes a ',' before the next list element (unless first) and
// reports whether another element follows; it consumes the closing ']'.
func (p *atermParser) next(first bool) bool {
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return false
	}
	if !first {
		p.expect(",")
	}
	return true
}

// str parses a quoted string. It reports whether the string contained an
// escape sequence. Like Nix, it maps \n, \r and \t to control characters
// and any other escaped byte to itself.
func (p *atermParser) str() (string, bool) {
	p.expect(`"`)
	start := p.pos
	for i := p.pos; i < len(p.s); i++ {
		switch p.s[i] {
		case '"':
			p.pos = i + 1
			return p.s[start:i], false
		case '\\':
			return p.escapedStr(start), true
		}
	}
	p.failAt(start-1, "unterminated string")
	return "", false
}

func (p *atermParser) escapedStr(start int) string {
	var b strings.Builder
	i := start
	for i < len(p.s) {
		c := p.s[i]
		switch c {
		case '"':
			p.pos = i + 1
			return b.String()
		case '\\':
			if i+1 >= len(p.s) {
				p.failAt(start-1, "unterminated string")
			}
			switch e := p.s[i+1]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(e)
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	p.failAt(start-1, "unterminated string")
	return ""
}

// raw parses a string that Nix writes without escaping.
func (p *atermParser) raw(what string) string {
	off := p.pos
	s, escaped := p.str()
	if escaped {
		p.failAt(off, what+" contains a backslash, which Nix writes unescaped")
	}
	return s
}

// storePath parses a string that must be an absolute store path.
func (p *atermParser) storePath(what string) string {
	off := p.pos
	s := p.raw(what)
	if err := checkStorePath(s); err != nil {
		p.failAt(off, what+": "+reason(err))
	}
	return s
}

// checkStorePath checks that s is an absolute, clean path whose base name
// is a valid store path base name.
func checkStorePath(s string) error {
	if !strings.HasPrefix(s, "/") || path.Clean(s) != s {
		return errorf("%q is not an absolute store path", s)
	}
	return checkBase(s[strings.LastIndexByte(s, '/')+1:])
}

// checkBase checks a store path's base name "<hash>-<name>" as
// nixpath.ParseBase does, without decoding the hash.
func checkBase(base string) error {
	const n = nixpath.EncodedHashLen
	if len(base) < n+2 || base[n] != '-' {
		return errorf("%q is not <hash>-<name>", base)
	}
	for i := range n {
		if !nixbase32.Is(base[i]) {
			return errorf("hash part of %q is not nixbase32", base)
		}
	}
	return nixpath.ValidateName(base[n+1:])
}

func (p *atermParser) derivation() *Derivation {
	d := &Derivation{
		Outputs:   map[string]Output{},
		InputDrvs: map[string][]string{},
		InputSrcs: []string{},
		Args:      []string{},
	}
	p.expect("Derive([")
	prev := ""
	for first := true; p.next(first); first = false {
		p.expect("(")
		off := p.pos
		name := p.raw("output name")
		if err := nixpath.ValidateName(name); err != nil {
			p.failAt(off, "output name: "+reason(err))
		}
		if !first && name <= prev {
			p.failAt(off, "output "+strconv.Quote(name)+" is out of order or repeated")
		}
		prev = name
		p.expect(",")
		var o Output
		off = p.pos
		if o.Path = p.raw("output path"); o.Path != "" {
			if err := checkStorePath(o.Path); err != nil {
				p.failAt(off, "output path: "+reason(err))
			}
		}
		p.expect(",")
		off = p.pos
		o.HashAlgo = p.raw("hash algorithm")
		p.expect(",")
		o.Hash = p.raw("hash")
		if err := checkOutput(o); err != nil {
			p.failAt(off, "output "+strconv.Quote(name)+": "+reason(err))
		}
		p.expect(")")
		d.Outputs[name] = o
	}
	if len(d.Outputs) == 0 {
		p.failAt(p.pos-1, "derivation has no outputs")
	}
	p.expect(",[")
	prev = ""
	for first := true; p.next(first); first = false {
		p.expect("(")
		off := p.pos
		drv := p.storePath("input derivation")
		if !first && drv <= prev {
			p.failAt(off, "input derivation "+strconv.Quote(drv)+" is out of order or repeated")
		}
		prev = drv
		p.expect(",[")
		var outs []string
		for f := true; p.next(f); f = false {
			off := p.pos
			o := p.raw("output name")
			if err := nixpath.ValidateName(o); err != nil {
				p.failAt(off, "output name: "+reason(err))
			}
			if !f && o <= outs[len(outs)-1] {
				p.failAt(off, "output name "+strconv.Quote(o)+" is out of order or repeated")
			}
			outs = append(outs, o)
		}
		if len(outs) == 0 {
			p.failAt(p.pos-1, "input derivation "+strconv.Quote(drv)+" has no outputs")
		}
		p.expect(")")
		d.InputDrvs[drv] = outs
	}
	p.expect(",[")
	for first := true; p.next(first); first = false {
		off := p.pos
		src := p.storePath("input source")
		if !first && src <= d.InputSrcs[len(d.InputSrcs)-1] {
			p.failAt(off, "input source "+strconv.Quote(src)+" is out of order or repeated")
		}
		d.InputSrcs = append(d.InputSrcs, src)
	}
	p.expect(",")
	d.Platform = p.raw("platform")
	p.expect(",")
	d.Builder, _ = p.str()
	p.expect(",[")
	for first := true; p.next(first); first = false {
		a, _ := p.str()
		d.Args = append(d.Args, a)
	}
	p.expect(",[")
	prev = ""
	env := make([][2]string, 0, 64)
	for first := true; p.next(first); first = false {
		p.expect("(")
		off := p.pos
		k, _ := p.str()
		if !first && k <= prev {
			p.failAt(off, "environment variable "+strconv.Quote(k)+" is out of order or repeated")
		}
		prev = k
		p.expect(",")
		v, _ := p.str()
		p.expect(")")
		env = append(env, [2]string{k, v})
	}
	// Sizing the map up front saves growing it entry by entry.
	d.Env = make(map[string]string, len(env))
	for _, kv := range env {
		d.Env[kv[0]] = kv[1]
	}
	p.expect(")")
	if p.pos != len(p.s) {
		p.failAt(p.pos, "unexpected data after the derivation")
	}
	d.Name = nameFromEnv(d.Env)
	return d
}

// checkOutput accepts the output forms Nix 2.8 writes: input-addressed
// (path only), deferred (all empty), fixed (path, algorithm, base16 hash),
// floating content-addressed (algorithm only) and impure (algorithm and
// "impure").
func checkOutput(o Output) error {
	if o.HashAlgo == "" {
		if o.Hash != "" {
			return errorf("hash %q without a hash algorithm", o.Hash)
		}
		return nil
	}
	_, size, err := parseMethodAlgo(o.HashAlgo)
	if err != nil {
		return err
	}
	switch {
	case o.Hash == "" || o.Hash == "impure":
		if o.Path != "" {
			return errorf("content-addressed output without a fixed hash has a path")
		}
	case len(o.Hash) != 2*size || !isLowerHex(o.Hash):
		return errorf("hash %q is not %d lowercase base16 digits", o.Hash, 2*size)
	case o.Path == "":
		return errorf("fixed output has no path")
	}
	return nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// nameFromEnv returns the derivation name recorded in env: "name", or the
// "name" string of structured attributes' "__json".
func nameFromEnv(env map[string]string) string {
	if n, ok := env["name"]; ok {
		return n
	}
	js, ok := env["__json"]
	if !ok {
		return ""
	}
	var attrs map[string]json.RawMessage
	if json.Unmarshal([]byte(js), &attrs) != nil {
		return ""
	}
	var n string
	if json.Unmarshal(attrs["name"], &n) != nil {
		return ""
	}
	return n
}

// reason is err's message without the ErrInvalid prefix, which a
// ParseError already implies.
func reason(err error) string {
	return strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": ")
}

// ParseDrv parses the contents of the .drv file at drvPath, naming
// drvPath in errors, and takes the derivation's Name from the path as Nix
// does.
func ParseDrv(drvPath string, data []byte) (*Derivation, error) {
	name, err := NameFromDrvPath(drvPath)
	if err != nil {
		return nil, err
	}
	d, err := ParseATerm(drvPath, data)
	if err != nil {
		return nil, err
	}
	d.Name = name
	return d, nil
}
