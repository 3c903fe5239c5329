package syntax

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a syntax error at a position.
type Error struct {
	Pos Pos
	Msg string

	seq int // order of detection, for First
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is a list of syntax errors, sorted by position once the parser
// returns it. A non-empty ErrorList is what ParseFile and ParseExpr return
// as their error.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(pos Pos, msg string) {
	*l = append(*l, &Error{Pos: pos, Msg: msg, seq: len(*l)})
}

// First returns the error that was detected first (the one Nix, which
// stops at its first error, would report), or nil.
func (l ErrorList) First() *Error {
	var first *Error
	for _, e := range l {
		if first == nil || e.seq < first.seq {
			first = e
		}
	}
	return first
}

// Len, Less and Swap implement sort.Interface, ordering by file, then offset.
func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Offset != b.Offset {
		return a.Offset < b.Offset
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by position (stable for equal positions).
func (l ErrorList) Sort() { sort.Stable(l) }

// Error returns the first detected error (see First), plus a count of
// the others.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l.First().Error(), len(l)-1)
}

// Err returns l as an error, or nil if it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Detail returns every error, one per line.
func (l ErrorList) Detail() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
