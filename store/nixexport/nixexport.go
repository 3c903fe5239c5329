// Package nixexport reads and writes the stream of `nix-store --export`
// and `nix-store --import`, which tvix uses for air-gapped bundles:
//
//	bundle = { 1 NAR 0x4558494e PATH REFCOUNT REF... DERIVER 0 } 0
//
// with numbers as 64-bit little-endian words and strings as in NARs
// (length, bytes, zero padding to 8). Paths come references first.
// Strings are written and read with go-nix's wire package.
package nixexport

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nix-community/go-nix/pkg/wire"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

const exportMagic = 0x4558494e // "NIXE"

// Limits on what an import accepts.
const (
	maxPathLen = 4096
	maxRefs    = 1 << 20
)

// Export writes infos (in the order given; see SortReferencesFirst) as a
// `nix-store --export` stream, rendering each NAR from st.
func Export(ctx context.Context, w io.Writer, st *store.Store, dir nixpath.StoreDir, infos []*storev1.PathInfo) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	for _, info := range infos {
		base := string(store.NodeName(info.Node))
		if err := wire.WriteUint64(bw, 1); err != nil {
			return err
		}
		if _, err := nar.Write(ctx, bw, st.Blobs, st.Directories, info.Node); err != nil {
			return fmt.Errorf("export %s/%s: %w", dir, base, err)
		}
		refs := append([]string(nil), info.Narinfo.GetReferenceNames()...)
		sort.Strings(refs)
		deriver := ""
		if d := info.Narinfo.GetDeriver(); d != nil {
			var h [nixpath.HashSize]byte
			copy(h[:], d.GetDigest())
			deriver = dir.Absolute(nixpath.StorePath{Hash: h, Name: d.GetName()}) + ".drv"
		}
		err := firstErr(
			wire.WriteUint64(bw, exportMagic),
			wire.WriteString(bw, string(dir)+"/"+base),
			wire.WriteUint64(bw, uint64(len(refs))),
		)
		for _, r := range refs {
			err = firstErr(err, wire.WriteString(bw, string(dir)+"/"+r))
		}
		if err = firstErr(err, wire.WriteString(bw, deriver), wire.WriteUint64(bw, 0)); err != nil {
			return err
		}
	}
	if err := wire.WriteUint64(bw, 0); err != nil {
		return err
	}
	return bw.Flush()
}

// ExportFile writes infos as Export does to the file path, through a
// temporary file beside it that is synced and then renamed to path, so
// that a failed export leaves no partial bundle behind.
func ExportFile(ctx context.Context, path string, st *store.Store, dir nixpath.StoreDir, infos []*storev1.PathInfo) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tvix-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = Export(ctx, tmp, st, dir, infos)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// SortReferencesFirst orders infos so that every path comes after the
// paths of infos it refers to (ties broken by name).
func SortReferencesFirst(infos []*storev1.PathInfo) []*storev1.PathInfo {
	byName := map[string]*storev1.PathInfo{}
	var names []string
	for _, i := range infos {
		n := string(store.NodeName(i.Node))
		if byName[n] == nil {
			names = append(names, n)
		}
		byName[n] = i
	}
	sort.Strings(names)
	done := map[string]bool{}
	var out []*storev1.PathInfo
	var visit func(n string)
	visit = func(n string) {
		if done[n] {
			return
		}
		done[n] = true
		refs := append([]string(nil), byName[n].Narinfo.GetReferenceNames()...)
		sort.Strings(refs)
		for _, r := range refs {
			if byName[r] != nil {
				visit(r)
			}
		}
		out = append(out, byName[n])
	}
	for _, n := range names {
		visit(n)
	}
	return out
}

// entry is the metadata of one exported path.
type entry struct {
	path    nixpath.StorePath
	refs    []nixpath.StorePath
	deriver *nixpath.StorePath
	narOff  int64
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r   io.Reader
	off *int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	*c.off += int64(n)
	return n, err
}

// scan reads a whole export stream. For each path it calls nar with the
// stream positioned at the NAR (which nar must consume exactly, returning
// its size) and then reads the trailer.
func scan(br *bufio.Reader, dir nixpath.StoreDir, input string, narFn func(e *entry) (uint64, error)) ([]*entry, error) {
	var off int64
	cr := countingReader{br, &off}
	fail := func(at int64, format string, args ...any) error {
		return fmt.Errorf("%s: malformed export at byte %d: %s", input, at, fmt.Sprintf(format, args...))
	}
	num := func(what string) (uint64, error) {
		at := off
		v, err := wire.ReadUint64(cr)
		if err != nil {
			return 0, fail(at, "truncated in %s", what)
		}
		return v, nil
	}
	str := func(what string) (string, int64, error) {
		at := off
		s, err := wire.ReadString(cr, maxPathLen)
		if err != nil {
			return "", at, fail(at, "%s: %v", what, err)
		}
		return s, at, nil
	}
	var entries []*entry
	for {
		at := off
		flag, err := num("entry marker")
		if err != nil {
			return nil, err
		}
		if flag == 0 {
			break
		}
		if flag != 1 {
			return nil, fail(at, "entry marker %d, want 0 or 1", flag)
		}
		e := &entry{narOff: off}
		size, err := narFn(e)
		if err != nil {
			return nil, err
		}
		off += int64(size)
		at = off
		if m, err := num("magic"); err != nil {
			return nil, err
		} else if m != exportMagic {
			return nil, fail(at, "magic %#x, want %#x", m, exportMagic)
		}
		p, at, err := str("store path")
		if err != nil {
			return nil, err
		}
		if e.path, err = dir.Parse(p); err != nil {
			return nil, fail(at, "%v", err)
		}
		at = off
		n, err := num("reference count")
		if err != nil {
			return nil, err
		}
		if n > maxRefs {
			return nil, fail(at, "%d references", n)
		}
		for i := uint64(0); i < n; i++ {
			r, at, err := str("reference")
			if err != nil {
				return nil, err
			}
			rp, err := dir.Parse(r)
			if err != nil {
				return nil, fail(at, "reference: %v", err)
			}
			e.refs = append(e.refs, rp)
		}
		d, at, err := str("deriver")
		if err != nil {
			return nil, err
		}
		if d != "" {
			dp, err := dir.Parse(d)
			if err != nil || !strings.HasSuffix(dp.Name, ".drv") {
				return nil, fail(at, "deriver %q is not a .drv store path", d)
			}
			dp.Name = strings.TrimSuffix(dp.Name, ".drv")
			e.deriver = &dp
		}
		if sig, err := num("signature marker"); err != nil {
			return nil, err
		} else if sig == 1 { // a legacy signature, ignored as Nix does
			if _, _, err := str("legacy signature"); err != nil {
				return nil, err
			}
		}
		entries = append(entries, e)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, fail(off, "trailing data after the export")
	}
	return entries, nil
}

// Import reads a `nix-store --export` stream from r (input names it in
// errors) and registers its paths in st, returning their PathInfos. The
// whole stream is checked first (r is spooled to a temporary file unless
// it is a regular file): a malformed stream, or a reference to a path
// neither in the stream nor in st, registers nothing.
func Import(ctx context.Context, st *store.Store, dir nixpath.StoreDir, r io.Reader, input string) ([]*storev1.PathInfo, error) {
	f, cleanup, err := seekable(r)
	if err != nil {
		return nil, err
	}
	defer cleanup()

	// Pass 1: check everything, store nothing.
	br := bufio.NewReaderSize(f, 256<<10)
	entries, err := scan(br, dir, input, func(e *entry) (uint64, error) {
		size, _, err := nar.ValidateFrom(br, input, e.narOff)
		return size, err
	})
	if err != nil {
		return nil, err
	}
	inBundle := map[[nixpath.HashSize]byte]bool{}
	for _, e := range entries {
		inBundle[e.path.Hash] = true
	}
	for _, e := range entries {
		for _, r := range e.refs {
			if inBundle[r.Hash] {
				continue
			}
			if _, err := st.PathInfos.Get(ctx, r.Hash); err != nil {
				return nil, fmt.Errorf("%s: %s refers to %s, which is neither in the export nor in the store", input, dir.Absolute(e.path), dir.Absolute(r))
			}
		}
	}

	// Pass 2: store the content, then register the paths.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	br = bufio.NewReaderSize(f, 256<<10)
	var infos []*storev1.PathInfo
	_, err = scan(br, dir, input, func(e *entry) (uint64, error) {
		node, size, sum, err := nar.IngestFrom(ctx, br, input, e.narOff, st.Blobs, st.Directories, "")
		if err != nil {
			return 0, err
		}
		infos = append(infos, &storev1.PathInfo{
			Node:    node,
			Narinfo: &storev1.NARInfo{NarSize: size, NarSha256: sum[:]},
		})
		return size, nil
	})
	if err != nil {
		return nil, err
	}
	for i, e := range entries {
		info := infos[i]
		nar.SetNodeName(info.Node, []byte(e.path.Base()))
		for _, r := range e.refs {
			info.References = append(info.References, append([]byte(nil), r.Hash[:]...))
			info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, r.Base())
		}
		if e.deriver != nil {
			info.Narinfo.Deriver = &storev1.StorePath{Name: e.deriver.Name, Digest: append([]byte(nil), e.deriver.Hash[:]...)}
		}
		stored, err := st.PathInfos.Put(ctx, info)
		if err != nil {
			return nil, fmt.Errorf("%s: registering %s: %w", input, dir.Absolute(e.path), err)
		}
		infos[i] = stored
	}
	return infos, nil
}

// seekable returns r as a file that can be read twice.
func seekable(r io.Reader) (*os.File, func(), error) {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return f, func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "tvix-import-*")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, r); err != nil {
		cleanup()
		return nil, nil, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, nil, err
	}
	return tmp, cleanup, nil
}
