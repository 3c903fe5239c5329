package nixregex

// matcher runs libstdc++'s depth-first _Executor over one subject string.
type matcher struct {
	p     *prog
	s     string
	begin int // where the current attempt started
	pos   int

	exact     bool // regex_match: accept only at the end of s
	notNull   bool // match_not_null: reject an empty match
	prevAvail bool // match_prev_avail: "^" cannot match at begin

	hasSol bool
	solPos int   // end of the longest solution of this attempt, or -1
	cur    []int // per group: start, end (end < 0: not matched)
	res    []int // captures of the best solution
	rep    []repCount

	budget int // steps left; when it reaches zero the search is abandoned
	depth  int

	arena []int // backing store for results, to allocate them in chunks
}

type repCount struct{ pos, n int }

// maxDepth bounds the recursion (one frame per NFA state on the current
// path). Nix would overflow its C++ stack much earlier.
const maxDepth = 1 << 20

func newMatcher(p *prog, s string, budget int) *matcher {
	n := 2 * (p.groups + 1)
	buf := make([]int, 2*n)
	return &matcher{
		p: p, s: s, budget: budget,
		cur: buf[:n:n], res: buf[n:],
		rep: make([]repCount, len(p.states)),
	}
}

func (m *matcher) exhausted() bool { return m.budget <= 0 }

// attempt runs one depth-first search from m.begin (libstdc++'s
// _M_main_dispatch for DFS mode) and reports whether it found a solution.
func (m *matcher) attempt() bool {
	m.pos = m.begin
	m.hasSol = false
	m.solPos = -1
	for i := range m.cur {
		m.cur[i] = -1
	}
	m.dfs(m.p.start)
	return m.hasSol && !m.exhausted()
}

// search is regex_search from start with the caller's match_prev_avail
// flag: attempts at start, then (unless continuous) at every later
// position with "^" disabled.
func (m *matcher) search(start int, continuous, prevAvail bool) bool {
	m.begin = start
	m.prevAvail = prevAvail
	if m.viable() && m.attempt() {
		return true
	}
	if continuous || m.exhausted() {
		return false
	}
	m.prevAvail = true
	for m.begin < len(m.s) {
		m.begin++
		if m.viable() && m.attempt() {
			return true
		}
		if m.exhausted() {
			return false
		}
	}
	return false
}

// viable reports whether an attempt at m.begin can possibly succeed.
func (m *matcher) viable() bool {
	if m.p.canBeEmpty {
		return true
	}
	return m.begin < len(m.s) && m.p.first.has(m.s[m.begin])
}

func (m *matcher) dfs(i int32) {
	m.budget--
	if m.budget <= 0 || m.depth >= maxDepth {
		m.budget = 0
		return
	}
	m.depth++
	m.step(&m.p.states[i], i)
	m.depth--
}

func (m *matcher) step(st *state, i int32) {
	switch st.op {
	case opChar:
		if m.pos < len(m.s) && m.p.sets[st.arg].has(m.s[m.pos]) {
			m.pos++
			m.dfs(st.next)
			m.pos--
		}
	case opAlt:
		// POSIX mode: try both sides and keep the longest (see opAccept).
		m.dfs(st.alt)
		had := m.hasSol
		m.hasSol = false
		m.dfs(st.next)
		m.hasSol = m.hasSol || had
	case opRepeat:
		m.onceMore(i, st.alt)
		// Once a solution is found through more iterations, fewer are
		// never tried.
		if !m.hasSol {
			m.dfs(st.next)
		}
	case opBOL:
		if m.pos == m.begin && !m.prevAvail {
			m.dfs(st.next)
		}
	case opEOL:
		if m.pos == len(m.s) {
			m.dfs(st.next)
		}
	case opSubBegin:
		k := 2 * st.arg
		back := m.cur[k]
		m.cur[k] = m.pos
		m.dfs(st.next)
		m.cur[k] = back
	case opSubEnd:
		k := 2*st.arg + 1
		back := m.cur[k]
		m.cur[k] = m.pos
		m.dfs(st.next)
		m.cur[k] = back
	case opDummy:
		m.dfs(st.next)
	case opAccept:
		if m.exact {
			m.hasSol = m.pos == len(m.s)
		} else {
			m.hasSol = true
		}
		if m.pos == m.begin && m.notNull {
			m.hasSol = false
		}
		if m.hasSol && (m.solPos < 0 || m.solPos < m.pos) {
			m.solPos = m.pos
			copy(m.res, m.cur)
		}
	}
}

// onceMore enters the loop body again, except that the body may run
// empty at most twice at the same position (libstdc++'s _M_rep_once_more).
func (m *matcher) onceMore(i, body int32) {
	rc := &m.rep[i]
	if rc.n == 0 || rc.pos != m.pos {
		back := *rc
		rc.pos, rc.n = m.pos, 1
		m.dfs(body)
		m.rep[i] = back
	} else if rc.n < 2 {
		rc.n++
		m.dfs(body)
		m.rep[i].n--
	}
}

// result returns the captures of the last successful search as
// start/end pairs, with -1 for groups that did not participate.
func (m *matcher) result() []int {
	n := len(m.res)
	if cap(m.arena)-len(m.arena) < n {
		m.arena = make([]int, 0, max(64, 16*n))
	}
	out := m.arena[len(m.arena) : len(m.arena)+n : len(m.arena)+n]
	m.arena = m.arena[:len(m.arena)+n]
	for g := 0; g < len(m.res); g += 2 {
		if m.res[g+1] < 0 {
			out[g], out[g+1] = -1, -1
		} else {
			out[g], out[g+1] = m.res[g], m.res[g+1]
		}
	}
	return out
}
