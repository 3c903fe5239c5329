package instantiate

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// narDumper writes the NAR serialisation of a file system tree, as
// nix-store --dump does, leaving out what keep does not hold.
type narDumper struct {
	w    *bufio.Writer
	root string
	keep map[string]bool // nil keeps everything
	buf  [8]byte
}

// dumpNAR writes the NAR of the tree at root to w; keep, when not nil,
// holds the paths below root (relative, '/'-separated) to include.
func dumpNAR(w io.Writer, root string, keep map[string]bool) error {
	d := &narDumper{w: bufio.NewWriterSize(w, 64<<10), root: root, keep: keep}
	d.str("nix-archive-1")
	if err := d.node(""); err != nil {
		return err
	}
	return d.w.Flush()
}

func (d *narDumper) str(s string) {
	binary.LittleEndian.PutUint64(d.buf[:], uint64(len(s)))
	d.w.Write(d.buf[:])
	d.w.WriteString(s)
	d.pad(uint64(len(s)))
}

func (d *narDumper) pad(n uint64) {
	if r := n % 8; r != 0 {
		var zero [8]byte
		d.w.Write(zero[:8-r])
	}
}

func (d *narDumper) node(rel string) error {
	p := filepath.Join(d.root, filepath.FromSlash(rel))
	st, err := os.Lstat(p)
	if err != nil {
		return err
	}
	d.str("(")
	switch m := st.Mode(); {
	case m.IsRegular():
		d.str("type")
		d.str("regular")
		if m&0o100 != 0 {
			d.str("executable")
			d.str("")
		}
		if err := d.contents(p, st.Size()); err != nil {
			return err
		}
	case m&os.ModeSymlink != 0:
		target, err := os.Readlink(p)
		if err != nil {
			return err
		}
		d.str("type")
		d.str("symlink")
		d.str("target")
		d.str(target)
	case m.IsDir():
		d.str("type")
		d.str("directory")
		ents, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
		for _, e := range ents {
			r := e.Name()
			if rel != "" {
				r = rel + "/" + r
			}
			if d.keep != nil && !d.keep[r] {
				continue
			}
			d.str("entry")
			d.str("(")
			d.str("name")
			d.str(e.Name())
			d.str("node")
			if err := d.node(r); err != nil {
				return err
			}
			d.str(")")
		}
	default:
		return fmt.Errorf("file '%s' has an unsupported type", p)
	}
	d.str(")")
	return nil
}

// contents writes a regular file's length-prefixed bytes; the file must
// still have the size Lstat saw.
func (d *narDumper) contents(p string, size int64) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	d.str("contents")
	binary.LittleEndian.PutUint64(d.buf[:], uint64(size))
	d.w.Write(d.buf[:])
	n, err := io.Copy(d.w, io.LimitReader(f, size))
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("file '%s' changed while being read", p)
	}
	d.pad(uint64(size))
	return nil
}
