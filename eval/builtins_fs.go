package eval

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

func init() {
	register("readFile", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		p := ev.realisedPath(a[0], pos)
		b, err := os.ReadFile(ev.diskPath(p))
		if err != nil {
			fileError(p, err, pos)
		}
		if bytes.IndexByte(b, 0) >= 0 {
			errorf(KindEval, pos, "the contents of the file '%s' cannot be represented as a Nix string", p)
		}
		return MkStr(string(b))
	})
	register("pathExists", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		p := ev.realisedPath(a[0], pos)
		_, err := os.Lstat(ev.diskPath(p))
		return MkBool(err == nil)
	})
	register("readFileType", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		p := ev.coercePath(a[0], pos)
		st, err := os.Lstat(ev.diskPath(p))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				errorf(KindEval, pos, "path '%s' does not exist", p)
			}
			errorf(KindEval, pos, "getting status of '%s': %v", p, unwrapPathErr(err))
		}
		return MkStr(fileType(st.Mode()))
	})
	register("readDir", 1, func(ev *Evaluator, a []Value, pos Pos) Value {
		p := ev.realisedPath(a[0], pos)
		ents, err := os.ReadDir(ev.diskPath(p))
		if err != nil {
			// Nix reads the path its symlinks lead to, and names it.
			if r, rerr := filepath.EvalSymlinks(p); rerr == nil && ev.diskPath(p) == p {
				p = r
			}
			errorf(KindEval, pos, "reading directory %s: %v", p, unwrapPathErr(err))
		}
		out := make([]Attr, 0, len(ents))
		for _, e := range ents {
			out = append(out, Attr{Name: e.Name(), Val: MkStr(fileType(e.Type()))})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return &Attrs{a: out}
	})
	register("hashFile", 2, func(ev *Evaluator, a []Value, pos Pos) Value {
		// As Nix, the algorithm is checked before the file is read.
		h := newHash(ev.forceStr(a[0], pos).S, pos)
		// Like readFile: the context is realised, and a store path not
		// on disk is read through the store (StoreFiles).
		p := ev.realisedPath(a[1], pos)
		b, err := os.ReadFile(ev.diskPath(p))
		if err != nil {
			fileError(p, err, pos)
		}
		h.Write(b)
		return MkStr(hex.EncodeToString(h.Sum(nil)))
	})
}

func fileType(m os.FileMode) string {
	switch {
	case m.IsRegular():
		return "regular"
	case m.IsDir():
		return "directory"
	case m&os.ModeSymlink != 0:
		return "symlink"
	}
	return "unknown"
}

const nixBase32Chars = "0123456789abcdfghijklmnpqrsvwxyz"

// nixBase32 encodes bytes in Nix's base-32 alphabet and order.
func nixBase32(b []byte) string {
	n := (len(b)*8 + 4) / 5
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		bit := i * 5
		j, k := bit/8, bit%8
		c := b[j] >> k
		if j+1 < len(b) {
			c |= b[j+1] << (8 - k)
		}
		out[n-1-i] = nixBase32Chars[c&0x1f]
	}
	return string(out)
}

// placeholder is builtins.placeholder: a hash standing for an output path.
func placeholder(output string) string {
	h := sha256.Sum256([]byte("nix-output:" + output))
	return "/" + nixBase32(h[:])
}

// fileError aborts on err, from reading the file p, as Nix 2.26 words it:
// a directory cannot be read from, anything else cannot be opened.
func fileError(p string, err error, pos Pos) {
	if errors.Is(err, syscall.EISDIR) {
		errorf(KindEval, pos, "reading from file '%s': %v", p, unwrapPathErr(err))
	}
	errorf(KindEval, pos, "opening file '%s': %v", p, unwrapPathErr(err))
}
