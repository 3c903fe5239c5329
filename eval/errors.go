package eval

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/p2pnix/tvix/eval/syntax"
)

// Pos is a source position. Line and Col are 1-based; a zero Pos is unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string {
	if !p.IsValid() {
		return "undefined position"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// ErrorKind classifies evaluation errors; builtins.tryEval catches only
// KindThrow and KindAssert.
type ErrorKind int

// Error kinds.
const (
	KindEval ErrorKind = iota
	KindThrow
	KindAssert
	KindAbort
	KindType
	KindInfiniteRecursion
	KindLimit
	KindParse
)

// ErrStepLimit is returned (wrapped) when evaluation exceeds its step budget.
var ErrStepLimit = errors.New("evaluation step limit exceeded")

// Error is a Nix evaluation error with the position where it arose and the
// trace of what was being evaluated.
type Error struct {
	Kind  ErrorKind
	Msg   string
	Pos   Pos
	Trace []TraceFrame
	Err   error // an underlying Go error, if any
	// Suggestions are the names Nix offers under "Did you mean …?".
	Suggestions []string
	// Usage marks what Nix raises as a usage error, under which
	// nix-instantiate adds its help hint.
	Usage bool
	// val is the value a type error names, which tells the argument of a
	// builtin it arose in (see Evaluator.argFrame).
	val Value
	// uncoerced marks a type error coerceToString raised itself and no
	// coercion has given its frame yet (Nix's errorCtx of that call).
	uncoerced bool
}

// hasFrame reports whether e's trace has a frame saying msg.
func (e *Error) hasFrame(msg string) bool {
	for _, f := range e.Trace {
		if f.Msg == msg {
			return true
		}
	}
	return false
}

// TraceFrame is one "… while evaluating …" line of a trace.
type TraceFrame struct {
	Msg string
	Pos Pos
	// Shown frames are printed without --show-trace too, as Nix 2.26
	// prints the builtin calls an error passed through.
	Shown bool
	// Always frames (builtins.addErrorContext's) are printed even past
	// the point where a trace without --show-trace is cut.
	Always bool
	// calls is, for a frame a recover point added (addTrace), 1 + the
	// builtin calls in progress where that point began: the calls begun
	// within it are inside the frame. 0 for a frame raised with the error.
	calls int
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Format renders the error as nix-instantiate 2.26 prints it: the
// message alone when no frame is printed, else a bare "error:" line, the
// frames from the outermost in, and the message below them. Under
// showTrace every frame is printed, else only the Shown ones, and after
// the fourth line of them only the Always ones.
func (e *Error) Format(showTrace bool) string {
	if e.Kind == KindLimit && e.Msg == stackOverflow {
		// Nix prints its stack overflow without frames or position.
		return "error: " + e.Msg
	}
	var b strings.Builder
	b.WriteString("error:")
	framed, truncated := false, false
	count := 0 // as Nix counts: a frame, and its position
	printFrame := func(f TraceFrame) {
		framed = true
		b.WriteString("\n       … ")
		b.WriteString(indentRest(f.Msg))
		if f.Pos.IsValid() {
			count++
			fmt.Fprintf(&b, "\n         at %s:", f.Pos)
			b.WriteString(snippet(f.Pos))
		}
		b.WriteString("\n")
	}
	// As Nix, a frame printed before is held back; more than five such
	// in a row are summed up in one line, fewer printed after all.
	type key struct {
		msg string
		pos Pos
	}
	seen := map[key]bool{}
	var skipped []TraceFrame
	flush := func() {
		if len(skipped) > 5 {
			fmt.Fprintf(&b, "\n       (%d duplicate frames omitted)\n", len(skipped))
		} else {
			for _, f := range skipped {
				printFrame(f)
			}
		}
		skipped = skipped[:0]
	}
	for i := len(e.Trace) - 1; i >= 0; i-- {
		f := e.Trace[i]
		if f.Msg == "" || !showTrace && !f.Shown {
			continue
		}
		if !showTrace && count > 3 {
			truncated = true
		}
		if truncated && !f.Always {
			continue
		}
		k := key{f.Msg, f.Pos}
		if seen[k] {
			skipped = append(skipped, f)
			continue
		}
		seen[k] = true
		flush()
		count++
		printFrame(f)
	}
	flush()
	if truncated {
		b.WriteString("\n       (stack trace truncated; use '--show-trace' to show the full, detailed trace)\n")
	}
	if framed {
		b.WriteString("\n       error:")
	}
	b.WriteString(" ")
	b.WriteString(indentRest(e.Msg))
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, "\n       at %s:", e.Pos)
		b.WriteString(snippet(e.Pos))
	}
	if n := len(e.Suggestions); n > 0 {
		b.WriteString("\n       Did you mean ")
		if n > 1 {
			b.WriteString("one of ")
			b.WriteString(strings.Join(e.Suggestions[:n-1], ", "))
			b.WriteString(" or ")
		}
		b.WriteString(e.Suggestions[n-1])
		b.WriteString("?")
	}
	// Nix prints every line without trailing blanks, and no blank lines at
	// the end.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// indentRest indents the lines of a message after its first by the width
// of "error: ", as Nix does for everything it prints below that prefix;
// lines left empty stay empty.
func indentRest(msg string) string {
	if !strings.Contains(msg, "\n") {
		return msg
	}
	lines := strings.Split(msg, "\n")
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t\r") != "" {
			lines[i] = "       " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// framed runs f; an error it raises gets frame, without a position, as
// Nix adds a line to the trace of one step of a builtin.
func (ev *Evaluator) framed(frame string, f func()) {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			addTrace(r, calls, frame, Pos{}, true)
		}
	}()
	f()
}

// framedOnly returns f's value; a type error it raises gets frame, and no
// other frame of the call's argument (see typeErrorFrame).
func (ev *Evaluator) framedOnly(frame string, f func() Value) Value {
	calls := len(ev.calls)
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				e.val = nil
			}
			addTrace(r, calls, frame, Pos{}, true)
		}
	}()
	return f()
}

// framedError aborts with a message under one shown frame without a
// position, as Nix 2.26 reports some errors of builtins.
func framedError(pos Pos, frame, format string, args ...any) {
	panic(&Error{Kind: KindEval, Pos: pos, Msg: fmt.Sprintf(format, args...), Trace: []TraceFrame{{Msg: frame, Shown: true}}})
}

// missingAttr aborts on a selection of name, which set s lacks, naming
// the attributes Nix would suggest instead.
func missingAttr(pos Pos, name string, s *Attrs) {
	panic(&Error{Kind: KindEval, Pos: pos, Msg: fmt.Sprintf("attribute '%s' missing", syntax.Ident(name)), Suggestions: suggest(name, s.Names())})
}

// suggest returns the names Nix 2.26 suggests for a missing name: at most
// five within an edit distance of two, nearest first, ties in byte order.
func suggest(name string, names []string) []string {
	type near struct {
		d    int
		name string
	}
	var ns []near
	for _, n := range names {
		if d := editDistance(name, n); d <= 2 {
			ns = append(ns, near{d, n})
		}
	}
	slices.SortFunc(ns, func(a, b near) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	ns = slices.CompactFunc(ns, func(a, b near) bool { return a == b })
	out := make([]string, 0, min(len(ns), 5))
	for _, n := range ns[:min(len(ns), 5)] {
		out = append(out, n.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, over bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range len(a) {
		cur[0] = i + 1
		for j := range len(b) {
			sub := prev[j]
			if a[i] != b[j] {
				sub++
			}
			cur[j+1] = min(prev[j+1]+1, cur[j]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// snippetSource supplies file contents for error snippets; the evaluator
// registers the sources it parsed.
// Several evaluators may run at once (the node daemon), so it is locked.
var (
	snippetMu     sync.Mutex
	snippetSource = map[string]string{}
)

func setSnippetSource(file, src string) {
	snippetMu.Lock()
	snippetSource[file] = src
	snippetMu.Unlock()
}

// snippet returns the lines Nix 2.26 prints below a position: the line
// before it, its line with a caret under the column, and the line after,
// each that the file has.
func snippet(p Pos) string {
	snippetMu.Lock()
	src, ok := snippetSource[p.File]
	snippetMu.Unlock()
	if !ok {
		return ""
	}
	// Lines end in \n, \r\n or \r, as the lexer counts them.
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
	if p.Line-1 >= len(lines) {
		return ""
	}
	var b strings.Builder
	line := func(n int) {
		fmt.Fprintf(&b, "\n%13d|", n)
		// Nix prints the line without its trailing blanks.
		if l := strings.TrimRight(lines[n-1], " \t"); l != "" {
			b.WriteString(" ")
			b.WriteString(l)
		}
	}
	if p.Line > 1 {
		line(p.Line - 1)
	}
	line(p.Line)
	b.WriteString("\n             | ")
	b.WriteString(strings.Repeat(" ", max(p.Col-1, 0)))
	b.WriteString("^")
	if p.Line < len(lines) {
		line(p.Line + 1)
	}
	return b.String()
}

// notAbsolute aborts on s, the string v coerced to, where an absolute path
// was needed; as Nix's coerceToPath, under the frame of v as an argument
// of the builtin call in progress.
func (ev *Evaluator) notAbsolute(s string, v Value, pos Pos) {
	e := &Error{Kind: KindEval, Pos: pos, Msg: fmt.Sprintf("string '%s' doesn't represent an absolute path", s)}
	if n := len(ev.calls); n > 0 {
		c := ev.calls[n-1]
		msgs := argFrames[c.name]
		for i, a := range c.args[:min(len(c.args), len(msgs))] {
			if a == v && msgs[i] != "" {
				e.Trace = []TraceFrame{{Msg: msgs[i], Shown: true}}
				break
			}
		}
	}
	panic(e)
}

// errorf aborts evaluation with an error of the given kind.
func errorf(kind ErrorKind, pos Pos, format string, args ...any) {
	panic(&Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Pos: pos})
}

// typeError aborts with Nix 2.26's "expected Y but found X: VALUE".
func typeError(pos Pos, v Value, want string) {
	panic(&Error{Kind: KindType, Pos: pos, val: v,
		Msg: fmt.Sprintf("expected %s but found %s: %s", want, typeName(v), errorValue(v))})
}

// typeErrorIn is typeError under a shown trace frame naming the context,
// as Nix 2.26 reports a value of the wrong type where it needs one.
func typeErrorIn(pos Pos, v Value, want, ctx string, ctxPos Pos) {
	panic(&Error{Kind: KindType, Pos: pos,
		Msg:   fmt.Sprintf("expected %s but found %s: %s", want, typeName(v), errorValue(v)),
		Trace: []TraceFrame{{Msg: ctx, Pos: ctxPos, Shown: true}}})
}

// contextError aborts on a string with a context where Nix wants none,
// under a frame naming what was being evaluated, at ctxPos.
func contextError(s *Str, ctx string, ctxPos Pos) {
	// Nix names the context element by its store path's base name.
	elem := strings.Replace(s.Ctx.Elems()[0], "/nix/store/", "", 1)
	panic(&Error{Kind: KindEval, Msg: fmt.Sprintf("the string '%s' is not allowed to refer to a store path (such as '%s')", s.S, elem),
		Trace: []TraceFrame{{Msg: ctx, Pos: ctxPos, Shown: true}}})
}

// numberError aborts on bad, an operand of arithmetic on l and r that is
// no number: Nix wants floats when either operand is one, else integers.
func numberError(pos Pos, l, r, bad Value) {
	panic(&Error{Kind: KindType, Pos: pos, val: bad, Msg: numberErrorMsg(l, r, bad)})
}

func numberErrorMsg(l, r, bad Value) string {
	want := "an integer"
	_, lf := l.(Float)
	_, rf := r.(Float)
	if lf || rf {
		want = "a float"
	}
	return fmt.Sprintf("expected %s but found %s: %s", want, typeName(bad), errorValue(bad))
}

// addTrace adds a frame to an error unwinding through a recover point
// that began with calls builtin calls in progress (len(Evaluator.calls)).
// Shown frames are printed without --show-trace too.
func addTrace(r any, calls int, msg string, pos Pos, shown bool) {
	if e, ok := r.(*Error); ok {
		e.Trace = append(e.Trace, TraceFrame{Msg: msg, Pos: pos, Shown: shown, calls: calls + 1})
	}
	panic(r)
}

// traceCall adds to an error raised in the body of lc, called at pos,
// the frames Nix 2.26 adds under --show-trace, and raises it again.
func (lc *lambdaCode) traceCall(r any, calls int, pos Pos) {
	if e, ok := r.(*Error); ok {
		name := "anonymous lambda"
		if lc.name != "" {
			name = "'" + lc.name + "'"
		}
		e.Trace = append(e.Trace, TraceFrame{Msg: "while calling " + name, Pos: lc.p, calls: calls + 1})
		if pos.IsValid() {
			e.Trace = append(e.Trace, TraceFrame{Msg: "from call site", Pos: pos, calls: calls + 1})
		}
	}
	panic(r)
}

// callError aborts a call of the function at pos as Nix 2.26 does: the
// error is at the function, naming it, and a frame at the call site.
func (lc *lambdaCode) callError(pos Pos, suggestions []string, format string, args ...any) {
	name := "anonymous lambda"
	if lc.name != "" {
		name = lc.name
	}
	panic(&Error{Kind: KindType, Msg: "function '" + name + "' " + fmt.Sprintf(format, args...), Pos: lc.p, Suggestions: suggestions,
		Trace: []TraceFrame{{Msg: "from call site", Pos: pos, Shown: true}}})
}
