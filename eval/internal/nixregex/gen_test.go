package nixregex

import "math/rand/v2"

// generatedCases returns pseudo-random patterns and subjects over a small
// alphabet, from a fixed seed, so that the recorded Nix answers cover
// combinations nobody thought to write down.
func generatedCases() []regexCase {
	r := rand.New(rand.NewPCG(2026, 11))
	atoms := []string{"a", "b", ".", "[ab]", "[^a]", "(a|b)", "(a*)", "(ab|a)", "(b|)", "x", "(a|ab)", "^", "$"}
	quants := []string{"", "", "", "*", "+", "?", "{1,2}", "{2}"}
	var out []regexCase
	for i := 0; i < 400; i++ {
		var re string
		for n := 1 + r.IntN(4); n > 0; n-- {
			a := atoms[r.IntN(len(atoms))]
			if a != "^" && a != "$" {
				a += quants[r.IntN(len(quants))]
			}
			re += a
		}
		if r.IntN(5) == 0 {
			re = "(" + re + ")|" + atoms[r.IntN(len(atoms)-2)]
		}
		var s []byte
		for n := r.IntN(6); n > 0; n-- {
			s = append(s, "abx"[r.IntN(3)])
		}
		out = append(out, regexCase{re, string(s)})
	}
	return out
}
