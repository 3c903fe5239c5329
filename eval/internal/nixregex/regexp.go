package nixregex

import "errors"

// ErrTooComplex is returned when a match or split exceeds its step
// budget (see SetBudget).
var ErrTooComplex = errors.New("regular expression too complex for this input")

// DefaultBudget is the number of executor steps one MatchIndex or
// SplitIndex call may take before it gives up with ErrTooComplex.
const DefaultBudget = 200_000_000

// Regexp is a compiled pattern. It is immutable and safe for concurrent
// use; each call allocates its own matching state.
type Regexp struct {
	expr   string
	prog   prog
	budget int
}

// Compile parses expr with the grammar Nix 2.8 uses (libstdc++
// std::regex::extended). It returns an *Error for every pattern Nix
// rejects.
func Compile(expr string) (*Regexp, error) {
	root, groups, err := parse(expr)
	if err != nil {
		return nil, err
	}
	re := &Regexp{expr: expr, budget: DefaultBudget}
	c := &compiler{p: &re.prog}
	re.prog.groups = groups
	begin := c.add(state{op: opSubBegin, next: -1, arg: 0})
	f := c.then(frag{begin, begin}, c.compile(root))
	end := c.add(state{op: opSubEnd, next: -1, arg: 0})
	f = c.then(f, frag{end, end})
	acc := c.add(state{op: opAccept, next: -1})
	c.then(f, frag{acc, acc})
	if c.err {
		return nil, &Error{Code: ErrSpace, Expr: expr, Offset: len(expr)}
	}
	re.prog.start = begin
	re.prog.skipDummies()
	re.prog.analyse()
	return re, nil
}

// String returns the source pattern.
func (re *Regexp) String() string { return re.expr }

// NumSubexp returns the number of capture groups.
func (re *Regexp) NumSubexp() int { return re.prog.groups }

// SetBudget replaces the step budget of later calls (n <= 0 restores
// DefaultBudget). It must not be called concurrently with matching.
func (re *Regexp) SetBudget(n int) {
	if n <= 0 {
		n = DefaultBudget
	}
	re.budget = n
}

// MatchIndex is builtins.match: if the whole of s matches, it returns
// 2*(NumSubexp()+1) byte offsets, a start/end pair for the whole match
// and then for each group, with -1, -1 for a group that did not take part
// (Nix returns null for it). It returns nil if s does not match.
func (re *Regexp) MatchIndex(s string) ([]int, error) {
	m := newMatcher(&re.prog, s, re.budget)
	m.exact = true
	m.begin = 0
	ok := m.attempt()
	if m.exhausted() {
		return nil, ErrTooComplex
	}
	if !ok {
		return nil, nil
	}
	return m.result(), nil
}

// SplitIndex returns the matches builtins.split reports, in order, each
// in the form MatchIndex uses. The text between matches (and before the
// first and after the last) is what split returns as strings.
func (re *Regexp) SplitIndex(s string) ([][]int, error) {
	m := newMatcher(&re.prog, s, re.budget)
	var out [][]int
	// std::regex_iterator: the first search, then each increment.
	prevAvail := false // the iterator's own match_prev_avail flag
	if !m.search(0, false, prevAvail) {
		if m.exhausted() {
			return nil, ErrTooComplex
		}
		return nil, nil
	}
	for {
		last := m.result()
		out = append(out, last)
		start := last[1]
		if last[0] == last[1] {
			if start == len(s) {
				return out, nil
			}
			// Retry at the same place for a non-empty match, with the
			// flags the iterator has so far.
			m.notNull = true
			found := m.search(start, true, prevAvail)
			m.notNull = false
			if found {
				continue
			}
			if m.exhausted() {
				return nil, ErrTooComplex
			}
			start++
		}
		prevAvail = true
		if !m.search(start, false, prevAvail) {
			if m.exhausted() {
				return nil, ErrTooComplex
			}
			return out, nil
		}
	}
}
