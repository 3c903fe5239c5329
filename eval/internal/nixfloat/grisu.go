package nixfloat

import (
	"math"
	"math/big"
	"math/bits"
	"sync"
)

// Nix's toJSON writes floats with nlohmann::json, whose digits come from
// Grisu2 (Loitsch, "Printing floating-point numbers quickly and accurately
// with integers"): they read back as the same double but are not always
// the shortest such digits. grisu2 below follows that algorithm step by
// step so that the digits are the library's.

// diyfp is f × 2^e.
type diyfp struct {
	f uint64
	e int
}

func (x diyfp) sub(y diyfp) diyfp { return diyfp{x.f - y.f, x.e} }

// mul is x × y rounded to the upper 64 bits of the product.
func (x diyfp) mul(y diyfp) diyfp {
	hi, lo := bits.Mul64(x.f, y.f)
	if lo&(1<<63) != 0 {
		hi++
	}
	return diyfp{hi, x.e + y.e + 64}
}

func (x diyfp) normalize() diyfp {
	s := bits.LeadingZeros64(x.f)
	return diyfp{x.f << s, x.e - s}
}

func (x diyfp) normalizeTo(e int) diyfp {
	return diyfp{x.f << (x.e - e), e}
}

// boundaries returns v and the normalized bounds of the values that round
// to v, as the library computes them.
func boundaries(v float64) (w, minus, plus diyfp) {
	b := math.Float64bits(v)
	ef := int(b >> 52 & 0x7ff)
	f := b & (1<<52 - 1)
	var x diyfp
	if ef == 0 {
		x = diyfp{f, 1 - 1075}
	} else {
		x = diyfp{f | 1<<52, ef - 1075}
	}
	closer := f == 0 && ef > 1
	mPlus := diyfp{2*x.f + 1, x.e - 1}
	mMinus := diyfp{2*x.f - 1, x.e - 1}
	if closer {
		mMinus = diyfp{4*x.f - 1, x.e - 2}
	}
	plus = mPlus.normalize()
	minus = mMinus.normalizeTo(plus.e)
	return x.normalize(), minus, plus
}

// cachedPower is c ≈ 10^k as c.f × 2^c.e.
type cachedPower struct {
	f    uint64
	e, k int
}

const (
	cachedMinDecExp = -300
	cachedDecStep   = 8
	alpha           = -60
)

// cachedPowers are 10^k for k = -300, -292, ..., 324, their significands
// rounded to 64 bits, as in the library's table. They are computed on
// first use: that takes milliseconds, which every tvix command paid at
// start.
var cachedPowers = sync.OnceValue(func() []cachedPower {
	var out []cachedPower
	for k := cachedMinDecExp; k <= 324; k += cachedDecStep {
		p := new(big.Float).SetPrec(512).SetInt64(1)
		ten := new(big.Float).SetPrec(512).SetInt64(10)
		for i := 0; i < abs(k); i++ {
			if k > 0 {
				p.Mul(p, ten)
			} else {
				p.Quo(p, ten)
			}
		}
		// p = mant × 2^exp with mant in [0.5, 1): f = round(mant × 2^64).
		exp := p.MantExp(p)
		p.SetMantExp(p, 64)
		fi, _ := p.Int(nil)
		frac := new(big.Float).SetPrec(512).Sub(p, new(big.Float).SetInt(fi))
		if frac.Cmp(big.NewFloat(0.5)) >= 0 {
			fi.Add(fi, big.NewInt(1))
		}
		out = append(out, cachedPower{fi.Uint64(), exp - 64, k})
	}
	return out
})

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func cachedPowerFor(e int) cachedPower {
	f := alpha - e - 1
	k := f * 78913 / (1 << 18)
	if f > 0 {
		k++
	}
	return cachedPowers()[(-cachedMinDecExp+k+cachedDecStep-1)/cachedDecStep]
}

// grisu2 appends the library's digits of v > 0 to buf and returns them
// with the decimal exponent d such that v is about digits × 10^d.
func grisu2(buf []byte, v float64) (digits []byte, d int) {
	w, mMinus, mPlus := boundaries(v)
	c := cachedPowerFor(mPlus.e)
	ck := diyfp{c.f, c.e}
	ww := w.mul(ck)
	wMinus := mMinus.mul(ck)
	wPlus := mPlus.mul(ck)
	lo := diyfp{wMinus.f + 1, wMinus.e}
	hi := diyfp{wPlus.f - 1, wPlus.e}
	return digitGen(buf, lo, ww, hi, -c.k)
}

func digitGen(buf []byte, mMinus, w, mPlus diyfp, d int) ([]byte, int) {
	delta := mPlus.sub(mMinus).f
	dist := mPlus.sub(w).f
	shift := uint(-mPlus.e)
	one := uint64(1) << shift
	p1 := uint32(mPlus.f >> shift)
	p2 := mPlus.f & (one - 1)
	n, pow10 := 1, uint32(1)
	for n < 10 && pow10*10 <= p1 {
		pow10 *= 10
		n++
	}
	for n > 0 {
		buf = append(buf, byte('0'+p1/pow10))
		p1 %= pow10
		n--
		rest := uint64(p1)<<shift + p2
		if rest <= delta {
			d += n
			round(buf, dist, delta, rest, uint64(pow10)<<shift)
			return buf, d
		}
		pow10 /= 10
	}
	m := 0
	for {
		p2 *= 10
		buf = append(buf, byte('0'+p2>>shift))
		p2 &= one - 1
		m++
		delta *= 10
		dist *= 10
		if p2 <= delta {
			break
		}
	}
	d -= m
	round(buf, dist, delta, p2, one)
	return buf, d
}

func round(buf []byte, dist, delta, rest, tenK uint64) {
	for rest < dist && delta-rest >= tenK && (rest+tenK < dist || dist-rest > rest+tenK-dist) {
		buf[len(buf)-1]--
		rest += tenK
	}
}
