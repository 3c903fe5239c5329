package eval

import (
	"context"
	"os"
	"strings"
)

// StoreFiles is a store's capability (Capabilities.Files) for stores whose
// paths are not on disk at their store paths (tvix's store is not a
// directory). LocalPath returns a directory or file on this machine
// holding the contents of the store path p, or "" when the store does not
// have p. The evaluator reads store paths through it wherever they are
// missing on disk (import, readFile, readDir, builtins.path, …), while the
// paths it shows stay store paths. It is called on the evaluating
// goroutine.
type StoreFiles interface {
	LocalPath(ctx context.Context, p string) (string, error)
}

// diskPath returns where path p can be read: p itself, or, for a path
// inside a store path that is not on disk, the same place inside the
// store's local copy of it.
func (ev *Evaluator) diskPath(p string) string {
	sf := ev.caps.Files
	if sf == nil {
		return p
	}
	dir := ev.opts.Store.StoreDir()
	if len(p) <= len(dir)+1 || !strings.HasPrefix(p, dir) || p[len(dir)] != '/' {
		return p
	}
	sp, sub := p, ""
	if i := strings.IndexByte(p[len(dir)+1:], '/'); i >= 0 {
		sp, sub = p[:len(dir)+1+i], p[len(dir)+1+i:]
	}
	if _, err := os.Lstat(sp); err == nil {
		return p
	}
	local, err := sf.LocalPath(ev.ctx, sp)
	if err != nil || local == "" {
		return p
	}
	return local + sub
}
