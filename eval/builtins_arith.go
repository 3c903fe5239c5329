package eval

import "math"

func init() {
	register("add", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		l, r := ev.force(a[0]), ev.force(a[1])
		if li, ok := l.(Int); ok {
			if ri, ok := r.(Int); ok {
				s, ok := addInt(int64(li), int64(ri))
				if !ok {
					addOverflow(pos, int64(li), int64(ri))
				}
				return MkInt(s)
			}
		}
		lf, ok1 := toFloat(l)
		rf, ok2 := toFloat(r)
		if !ok1 {
			numberError(pos, l, r, l)
		}
		if !ok2 {
			numberError(pos, l, r, r)
		}
		return Float(lf + rf)
	})
	register("sub", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return arith(opSub, ev.force(a[0]), ev.force(a[1]), pos)
	})
	register("mul", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return arith(opMul, ev.force(a[0]), ev.force(a[1]), pos)
	})
	register("div", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return arith(opDiv, ev.force(a[0]), ev.force(a[1]), pos)
	})
	bit := func(name string, f func(a, b int64) int64) {
		register(name, 2, func(ev *Evaluator, a []Value, pos Pos) Value {
			return MkInt(f(ev.forceInt(a[0], pos), ev.forceInt(a[1], pos)))
		})
	}
	bit("bitAnd", func(a, b int64) int64 { return a & b })
	bit("bitOr", func(a, b int64) int64 { return a | b })
	bit("bitXor", func(a, b int64) int64 { return a ^ b })
	register("lessThan", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		return MkBool(ev.lessThan(a[0], a[1], pos))
	})
	round := func(name string, f func(float64) float64) {
		register(name, 1, func(ev *Evaluator, a []Value, pos Pos) Value {
			v := ev.force(a[0])
			switch x := v.(type) {
			case Int:
				return x
			case Float:
				return MkInt(int64(f(float64(x))))
			}
			typeError(pos, v, "a float")
			return nil
		})
	}
	round("ceil", math.Ceil)
	round("floor", math.Floor)
}
