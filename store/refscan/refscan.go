// Package refscan finds which of a set of candidate store paths a tree
// refers to, as Nix's reference scanner does: a reference is any
// occurrence of a candidate's 32-character nixbase32 hash part in a file's
// contents or a symlink's target.
//
// The search looks at each 32-byte window once and skips ahead past any
// byte that is not in the nixbase32 alphabet (checked from the window's
// end, so most non-hash data is skipped 32 bytes at a time). Streams are
// scanned chunk by chunk; the last 31 bytes of each chunk are kept so that
// hashes spanning two writes are found.
package refscan

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/nix-community/go-nix/pkg/nixbase32"
)

// HashLen is the length of a store path hash part.
const HashLen = 32

// Scanner collects which candidate hash parts occur in the data given to
// it. It is safe for concurrent use; each concurrent stream needs its own
// Stream.
type Scanner struct {
	candidates map[string]struct{}
	mu         sync.Mutex
	found      map[string]struct{}
}

// NewScanner returns a scanner for the given 32-character hash parts.
func NewScanner(hashParts []string) (*Scanner, error) {
	s := &Scanner{candidates: make(map[string]struct{}, len(hashParts)), found: map[string]struct{}{}}
	for _, h := range hashParts {
		if len(h) != HashLen || nixbase32.ValidateString(h) != nil {
			return nil, fmt.Errorf("reference candidate %q is not a %d-character nixbase32 hash part", h, HashLen)
		}
		s.candidates[h] = struct{}{}
	}
	return s, nil
}

// Found returns the hash parts seen so far, sorted.
func (s *Scanner) Found() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.found))
	for h := range s.found {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}

// Scan searches one complete piece of data (a symlink target, a small
// file).
func (s *Scanner) Scan(b []byte) { s.search(b) }

func (s *Scanner) search(b []byte) {
	if len(s.candidates) == 0 {
		return
	}
	for i := 0; i+HashLen <= len(b); {
		j := HashLen - 1
		for ; j >= 0 && nixbase32.Is(b[i+j]); j-- {
		}
		if j >= 0 {
			i += j + 1
			continue
		}
		if _, ok := s.candidates[string(b[i:i+HashLen])]; ok {
			s.mu.Lock()
			s.found[string(b[i:i+HashLen])] = struct{}{}
			s.mu.Unlock()
		}
		i++
	}
}

// Stream returns a writer that scans everything written to it as one
// contiguous byte stream (one file's contents).
func (s *Scanner) Stream() io.Writer { return &stream{s: s} }

type stream struct {
	s    *Scanner
	tail []byte // the last HashLen-1 bytes written
	seam [2*HashLen - 2]byte
}

func (w *stream) Write(p []byte) (int, error) {
	if len(w.tail) > 0 {
		n := copy(w.seam[:], w.tail)
		n += copy(w.seam[n:], p[:min(len(p), HashLen-1)])
		w.s.search(w.seam[:n])
	}
	w.s.search(p)
	if len(p) >= HashLen-1 {
		w.tail = append(w.tail[:0], p[len(p)-(HashLen-1):]...)
	} else {
		w.tail = append(w.tail, p...)
		if len(w.tail) > HashLen-1 {
			w.tail = append(w.tail[:0], w.tail[len(w.tail)-(HashLen-1):]...)
		}
	}
	return len(p), nil
}

// ScanTree scans every regular file's contents and every symlink's target
// below (and including) root on the file system. Symlinks are not
// followed.
func (s *Scanner) ScanTree(root string) error {
	buf := make([]byte, 256<<10)
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			s.Scan([]byte(target))
		case d.Type().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, err = io.CopyBuffer(s.Stream(), onlyReader{f}, buf)
			f.Close()
			if err != nil {
				return fmt.Errorf("scanning %s: %w", p, err)
			}
		}
		return nil
	})
}

// onlyReader hides WriterTo/ReaderFrom so io.CopyBuffer uses buf.
type onlyReader struct{ io.Reader }
