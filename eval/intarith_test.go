package eval

import (
	"math"
	"math/big"
	"testing"
)

func TestCheckedIntArith(t *testing.T) {
	vals := []int64{0, 1, -1, 2, -2, 3, 1 << 31, -1 << 31, 1<<32 + 1, 1 << 62, -1 << 62,
		3037000499, 3037000500, -3037000500, math.MaxInt64, math.MaxInt64 - 1, math.MinInt64, math.MinInt64 + 1}
	fits := func(z *big.Int) bool { return z.IsInt64() }
	for _, a := range vals {
		for _, b := range vals {
			A, B := big.NewInt(a), big.NewInt(b)
			for _, op := range []struct {
				name string
				f    func(a, b int64) (int64, bool)
				g    func(z, x, y *big.Int) *big.Int
			}{
				{"add", addInt, (*big.Int).Add},
				{"sub", subInt, (*big.Int).Sub},
				{"mul", mulInt, (*big.Int).Mul},
			} {
				want := op.g(new(big.Int), A, B)
				got, ok := op.f(a, b)
				if ok != fits(want) || ok && got != want.Int64() {
					t.Errorf("%s(%d, %d) = %d, %v; want %s", op.name, a, b, got, ok, want)
				}
			}
		}
	}
}
