package nixregex

// stateLimit is libstdc++'s _GLIBCXX_REGEX_STATE_LIMIT.
const stateLimit = 100000

type opcode uint8

const (
	opChar     opcode = iota // consume one byte in sets[arg]
	opAlt                    // explore alt, then next; keep the longest
	opRepeat                 // greedy loop: alt = once more, next = leave
	opBOL                    // "^"
	opEOL                    // "$"
	opSubBegin               // start of group arg
	opSubEnd                 // end of group arg
	opDummy                  // epsilon
	opAccept                 // end of the pattern
)

type state struct {
	op        opcode
	next, alt int32
	arg       int32 // group number, or index into prog.sets
}

// prog is a compiled pattern: libstdc++'s NFA for it.
type prog struct {
	states []state
	sets   []byteSet
	start  int32
	groups int // number of capture groups, not counting the whole match

	// For skipping start positions in searches: if the pattern can never
	// match the empty string, a match must begin with a byte in first.
	canBeEmpty bool
	first      byteSet
}

type frag struct{ start, end int32 }

type compiler struct {
	p   *prog
	err bool
}

func (c *compiler) add(s state) int32 {
	if len(c.p.states) >= stateLimit {
		c.err = true
		return 0
	}
	c.p.states = append(c.p.states, s)
	return int32(len(c.p.states) - 1)
}

func (c *compiler) dummy() frag {
	id := c.add(state{op: opDummy, next: -1})
	return frag{id, id}
}

// then links f's end to g and returns the combined fragment.
func (c *compiler) then(f, g frag) frag {
	if c.err {
		return f
	}
	c.p.states[f.end].next = g.start
	return frag{f.start, g.end}
}

// compile builds n's states the way libstdc++'s _Compiler does, so that
// the executor explores them in the same order.
func (c *compiler) compile(n *node) frag {
	if c.err {
		return frag{}
	}
	switch n.kind {
	case nChar:
		c.p.sets = append(c.p.sets, *n.set)
		id := c.add(state{op: opChar, next: -1, arg: int32(len(c.p.sets) - 1)})
		return frag{id, id}
	case nBOL, nEOL:
		op := opBOL
		if n.kind == nEOL {
			op = opEOL
		}
		id := c.add(state{op: op, next: -1})
		return frag{id, id}
	case nGroup:
		b := c.add(state{op: opSubBegin, next: -1, arg: int32(n.group)})
		f := c.then(frag{b, b}, c.compile(n.subs[0]))
		e := c.add(state{op: opSubEnd, next: -1, arg: int32(n.group)})
		return c.then(f, frag{e, e})
	case nConcat:
		f := c.dummy()
		for _, s := range n.subs {
			f = c.then(f, c.compile(s))
		}
		return f
	case nAlt:
		// a|b|c is Alt(next: c, alt: Alt(next: b, alt: a)): left first.
		acc := c.compile(n.subs[0])
		for _, s := range n.subs[1:] {
			rhs := c.compile(s)
			end := c.dummy()
			c.then(acc, end)
			c.then(rhs, end)
			id := c.add(state{op: opAlt, next: rhs.start, alt: acc.start})
			acc = frag{id, end.end}
		}
		return acc
	case nStar:
		e := c.compile(n.subs[0])
		r := c.add(state{op: opRepeat, next: -1, alt: e.start})
		c.then(e, frag{r, r})
		return frag{r, r}
	case nPlus:
		e := c.compile(n.subs[0])
		r := c.add(state{op: opRepeat, next: -1, alt: e.start})
		return c.then(e, frag{r, r})
	case nQuest:
		e := c.compile(n.subs[0])
		end := c.dummy()
		r := c.add(state{op: opRepeat, next: -1, alt: e.start})
		c.then(e, end)
		c.then(frag{r, r}, end)
		return frag{r, end.end}
	case nInterval:
		// libstdc++ parses the atom once and then only uses clones of it;
		// the unused original still counts against the state limit.
		c.compile(n.subs[0])
		f := c.dummy()
		for i := 0; i < n.min && !c.err; i++ {
			f = c.then(f, c.compile(n.subs[0]))
		}
		if n.max < 0 {
			e := c.compile(n.subs[0])
			r := c.add(state{op: opRepeat, next: -1, alt: e.start})
			c.then(e, frag{r, r})
			return c.then(f, frag{r, r})
		}
		end := c.dummy()
		for i := 0; i < n.max-n.min && !c.err; i++ {
			e := c.compile(n.subs[0])
			r := c.add(state{op: opRepeat, next: end.start, alt: e.start})
			f = c.then(f, frag{r, e.end})
		}
		return c.then(f, end)
	}
	return c.dummy()
}

// skipDummies makes every transition jump over dummy states, as
// libstdc++'s _M_eliminate_dummy does; dummies have no effect on matching.
func (p *prog) skipDummies() {
	skip := func(i int32) int32 {
		for i >= 0 && p.states[i].op == opDummy {
			i = p.states[i].next
		}
		return i
	}
	for i := range p.states {
		s := &p.states[i]
		s.next = skip(s.next)
		if s.op == opAlt || s.op == opRepeat {
			s.alt = skip(s.alt)
		}
	}
	p.start = skip(p.start)
}

// analyse computes canBeEmpty and first by following epsilon transitions
// from the start state, treating assertions as always true (so both are
// over-approximations, which is what skipping start positions needs).
func (p *prog) analyse() {
	seen := make([]bool, len(p.states))
	stack := []int32{p.start}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i < 0 || seen[i] {
			continue
		}
		seen[i] = true
		s := &p.states[i]
		switch s.op {
		case opChar:
			p.first.union(&p.sets[s.arg])
		case opAccept:
			p.canBeEmpty = true
		case opAlt, opRepeat:
			stack = append(stack, s.next, s.alt)
		default:
			stack = append(stack, s.next)
		}
	}
}
