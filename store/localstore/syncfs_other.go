//go:build !linux

package localstore

import (
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/store"
)

// syncChunks makes the given chunk files and their directory entries
// durable, one fsync each.
func syncChunks(dir string, chunks map[store.Digest]uint64) error {
	dirs := make(map[string]bool)
	for d := range chunks {
		p := ChunkPath(dir, d)
		if err := fsyncPath(p); err != nil {
			return err
		}
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		if err := fsyncPath(d); err != nil {
			return err
		}
	}
	return nil
}

func fsyncPath(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
