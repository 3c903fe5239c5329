package nixdaemon

import (
	"bufio"
	"sort"

	"github.com/nix-community/go-nix/pkg/wire"
)

// encoder writes fields with go-nix's wire primitives to a buffered
// writer; the first error sticks and later writes do nothing.
type encoder struct {
	w   *bufio.Writer
	err error
}

func (e *encoder) u64(v uint64) {
	if e.err == nil {
		e.err = wire.WriteUint64(e.w, v)
	}
}

func (e *encoder) bool(v bool) {
	if e.err == nil {
		e.err = wire.WriteBool(e.w, v)
	}
}

func (e *encoder) str(s string) {
	if e.err == nil {
		e.err = wire.WriteString(e.w, s)
	}
}

// strs writes a list of strings in the order given.
func (e *encoder) strs(ss []string) {
	e.u64(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// set writes ss as Nix writes a std::set: sorted, without duplicates.
func (e *encoder) set(ss []string) {
	sorted := append([]string(nil), ss...)
	sort.Strings(sorted)
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	e.strs(out)
}

func (e *encoder) flush() error {
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}
