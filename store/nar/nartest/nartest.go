// Package nartest writes file system trees for tests and benchmarks of
// NAR and store code: one with the edge cases Nix serialisation cares
// about, and deterministic pseudo-random trees of a given size.
package nartest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/store/storetest"
)

// WriteEdgeCases writes, under root (which must not exist), a directory
// with nested and empty directories, executables, empty files, files
// whose sizes straddle the 8-byte padding, symlinks inside the tree, to
// absolute paths outside it and dangling ones, unicode names, and names
// whose byte order differs from a path-wise order ("a", "a-b", "a.b",
// "a/..."), and names beginning with "..".
func WriteEdgeCases(root string) error {
	files := []struct {
		path string
		size int
		mode os.FileMode
	}{
		{"empty", 0, 0o644},
		{"one", 1, 0o644},
		{"seven", 7, 0o644},
		{"eight", 8, 0o644},
		{"nine", 9, 0o755},
		{"a/x", 3, 0o644},
		{"a-b", 5, 0o644},
		{"a.b", 6, 0o755},
		{"..dots", 2, 0o644},
		{"...", 4, 0o644},
		{"sub/deeper/deepest/file", 100, 0o644},
		{"sub/exe-empty", 0, 0o755},
		{"sub/user-exec-only", 10, 0o700},
		{"sub/group-exec-only", 10, 0o654},
		{"unicode/snowman-☃", 11, 0o644},
		{"unicode/日本語", 12, 0o644},
		{"unicode/Zürich", 13, 0o644},
		{"Upper", 14, 0o644},
		{"chunked", 3<<20 + 5, 0o644},
	}
	for i, f := range files {
		p := filepath.Join(root, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, pseudoRandom(uint64(i), f.size), 0o644); err != nil {
			return err
		}
		if err := os.Chmod(p, f.mode); err != nil {
			return err
		}
	}
	for _, d := range []string{"emptydir", "sub/empty"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	links := map[string]string{
		"link-rel":        "a/x",
		"sub/link-up":     "../nine",
		"link-abs-out":    "/etc/hostname",
		"link-dangling":   "does/not/exist",
		"link-dir":        "sub",
		"unicode/link-☃":  "snowman-☃",
		"sub/deeper/loop": "../deeper",
	}
	for l, target := range links {
		if err := os.Symlink(target, filepath.Join(root, l)); err != nil {
			return err
		}
	}
	return nil
}

// WriteRandom writes a deterministic tree of about totalBytes under root:
// nested directories holding files of sizes from 0 up to maxFile bytes
// (biased towards small files, as real trees are), some executable, some
// symlinks. The same seed always gives the same tree.
func WriteRandom(root string, seed uint64, totalBytes, maxFile int64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var written int64
	for i := 0; written < totalBytes; i++ {
		dir := filepath.Join(root, fmt.Sprintf("d%d", r.IntN(8)), fmt.Sprintf("e%d", r.IntN(8)))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		var size int64
		switch k := r.IntN(100); {
		case k < 60:
			size = r.Int64N(16 << 10)
		case k < 95:
			size = r.Int64N(1 << 20)
		default:
			size = r.Int64N(maxFile + 1)
		}
		size = min(size, totalBytes-written)
		p := filepath.Join(dir, fmt.Sprintf("f%05d", i))
		mode := os.FileMode(0o644)
		if r.IntN(10) == 0 {
			mode = 0o755
		}
		if err := writeFile(p, r.Uint64(), size, mode); err != nil {
			return err
		}
		written += size
		if r.IntN(20) == 0 {
			if err := os.Symlink(filepath.Base(p), p+".link"); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteFile writes a file of size pseudo-random bytes derived from seed.
func WriteFile(p string, seed uint64, size int64) error { return writeFile(p, seed, size, 0o644) }

func writeFile(p string, seed uint64, size int64, mode os.FileMode) error {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	const block = 1 << 20
	for off := int64(0); off < size; off += block {
		if _, err := f.Write(pseudoRandom(seed+uint64(off), int(min(block, size-off)))); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// pseudoRandom returns n bytes that do not compress or deduplicate.
func pseudoRandom(seed uint64, n int) []byte {
	return storetest.RandomBytes(rand.New(rand.NewPCG(seed, 42)), n)
}
