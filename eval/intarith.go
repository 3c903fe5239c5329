package eval

import "math/bits"

// Checked integer arithmetic, as Nix (since 2.24) does it: an operation
// whose result does not fit in 64 bits is an error, never a wrap. Each
// helper reports ok=false on overflow and compiles to a few instructions.

// addInt returns a+b.
func addInt(a, b int64) (int64, bool) {
	s := a + b
	// Overflow iff both operands have the sign the sum lacks.
	return s, (s^a)&(s^b) >= 0
}

// subInt returns a-b.
func subInt(a, b int64) (int64, bool) {
	d := a - b
	// Overflow iff the operands' signs differ and the difference has b's.
	return d, (a^b)&(a^d) >= 0
}

// mulInt returns a*b.
func mulInt(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	// The signed product's high word: the unsigned one, less b when a is
	// negative and a when b is. It fits iff that word is lo's sign.
	shi := int64(hi) - (a>>63)&b - (b>>63)&a
	return int64(lo), shi == int64(lo)>>63
}

func addOverflow(pos Pos, a, b int64) {
	errorf(KindEval, pos, "integer overflow in adding %d + %d", a, b)
}
