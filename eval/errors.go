package eval

import (
	"errors"
	"fmt"
	"strings"
	"sync"
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
}

// TraceFrame is one "while evaluating …" line of a trace.
type TraceFrame struct {
	Msg string
	Pos Pos
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Format renders the error as nix-instantiate prints it, with the trace
// when showTrace is set.
func (e *Error) Format(showTrace bool) string {
	var b strings.Builder
	b.WriteString("error: ")
	b.WriteString(e.Msg)
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, "\n\n       at %s:", e.Pos)
		b.WriteString(snippet(e.Pos))
	}
	if showTrace {
		for _, f := range e.Trace {
			fmt.Fprintf(&b, "\n\n       … %s", f.Msg)
			if f.Pos.IsValid() {
				fmt.Fprintf(&b, "\n\n       at %s:", f.Pos)
				b.WriteString(snippet(f.Pos))
			}
		}
	}
	return b.String()
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

func snippet(p Pos) string {
	snippetMu.Lock()
	src, ok := snippetSource[p.File]
	snippetMu.Unlock()
	if !ok {
		return ""
	}
	lines := strings.Split(src, "\n")
	if p.Line-1 >= len(lines) {
		return ""
	}
	l := lines[p.Line-1]
	num := fmt.Sprint(p.Line)
	pad := strings.Repeat(" ", len(num))
	col := p.Col - 1
	if col < 0 {
		col = 0
	}
	return fmt.Sprintf("\n\n%s%s| %s\n%s%s | %s^", strings.Repeat(" ", 13-len(num)), num, l,
		strings.Repeat(" ", 12-len(pad)), pad, strings.Repeat(" ", col))
}

// errorf aborts evaluation with an error of the given kind.
func errorf(kind ErrorKind, pos Pos, format string, args ...any) {
	panic(&Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Pos: pos})
}

// typeError aborts with Nix's "value is X while Y was expected" message.
func typeError(pos Pos, v Value, want string) {
	errorf(KindType, pos, "value is %s while %s was expected", typeName(v), want)
}

// addTrace adds a frame to an error unwinding through a recover.
func addTrace(r any, msg string, pos Pos) {
	if e, ok := r.(*Error); ok {
		e.Trace = append(e.Trace, TraceFrame{Msg: msg, Pos: pos})
	}
	panic(r)
}
