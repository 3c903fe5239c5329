// Package unpack extracts tar archives (plain, gzip, bzip2, xz or zstd
// compressed, told apart by their magic bytes) into a directory, as
// builtins.fetchTarball needs.
package unpack

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/internal/xzguard"
	"github.com/ulikunitz/xz"
)

// Decompress returns r decompressed according to its first bytes; data
// without a known compression magic is returned as it is.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(6)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		return gzip.NewReader(br)
	case bytes.HasPrefix(magic, []byte("BZh")):
		return bzip2.NewReader(br), nil
	case bytes.HasPrefix(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return xz.NewReader(xzguard.NewReader(br, xzguard.MaxDict))
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		d, err := zstd.NewReader(br)
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return br, nil
}

// Tarball extracts the (possibly compressed) tar archive read from r into
// dir, which must exist. Regular files keep their executable bit;
// directories, symlinks and hard links are recreated; other entry types
// are skipped. An entry whose name leaves dir is an error.
func Tarball(r io.Reader, dir string) error {
	dr, err := Decompress(r)
	if err != nil {
		return err
	}
	tr := tar.NewReader(dr)
	for i := 0; ; i++ {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("tar entry %d: %w", i, err)
		}
		name, err := clean(h.Name)
		if err != nil {
			return err
		}
		if name == "" {
			continue
		}
		if err := noSymlinkParents(dir, name); err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		case tar.TypeReg, tar.TypeRegA:
			mode := os.FileMode(0o644)
			if h.Mode&0o100 != 0 {
				mode = 0o755
			}
			if err := writeFile(dst, tr, mode); err != nil {
				return fmt.Errorf("tar entry %q: %w", h.Name, err)
			}
		case tar.TypeSymlink:
			os.Remove(dst)
			if err := os.Symlink(h.Linkname, dst); err != nil {
				return err
			}
		case tar.TypeLink:
			target, err := clean(h.Linkname)
			if err != nil || target == "" {
				return fmt.Errorf("tar entry %q: bad hard link target %q", h.Name, h.Linkname)
			}
			if err := noSymlinkParents(dir, target); err != nil {
				return fmt.Errorf("tar entry %q: hard link target: %w", h.Name, err)
			}
			os.Remove(dst)
			if err := os.Link(filepath.Join(dir, filepath.FromSlash(target)), dst); err != nil {
				return err
			}
		}
	}
}

// clean returns name relative to the archive root, or an error when it
// would leave the root.
func clean(name string) (string, error) {
	c := path.Clean("/" + name)
	if strings.Contains(name, "\x00") {
		return "", errors.New("tar entry name contains NUL")
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", fmt.Errorf("tar entry %q leaves the archive", name)
		}
	}
	return strings.TrimPrefix(c, "/"), nil
}

// noSymlinkParents fails when a directory on the way to name is a symlink
// extracted earlier, through which an entry could be written outside dir.
func noSymlinkParents(dir, name string) error {
	parts := strings.Split(name, "/")
	p := dir
	for _, part := range parts[:len(parts)-1] {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if err != nil {
			return nil // created as a directory below
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("tar entry %q goes through the symlink %q", name, strings.TrimPrefix(p, dir+"/"))
		}
	}
	return nil
}

func writeFile(dst string, r io.Reader, mode os.FileMode) error {
	os.Remove(dst)
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
