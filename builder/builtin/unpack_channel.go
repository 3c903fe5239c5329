package builtin

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/internal/unpack"
	"github.com/p2pnix/tvix/proto/castorev1"
)

// unpackChannel is Nix's builtin:unpack-channel: the tarball "src" is
// unpacked into the output, whose one top-level entry is then renamed to
// "channelName".
func (j *job) unpackChannel() (map[string]*castorev1.Node, error) {
	rel, vals, err := j.attrs("channelName", "src")
	if err != nil {
		return nil, err
	}
	name, src := vals[0], vals[1]
	tmp, err := j.scratch()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, base(rel))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	r, err := newStoreFS(j).open(src)
	if err != nil {
		return nil, fmt.Errorf("opening '%s': %w", src, err)
	}
	err = unpack.Tarball(r, dir)
	r.Close()
	if err != nil {
		return nil, fmt.Errorf("unpacking '%s': %w", src, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(entries) != 1 {
		return nil, fmt.Errorf("channel tarball '%s' contains more than one file", src)
	}
	if err := os.Rename(filepath.Join(dir, entries[0].Name()), filepath.Join(dir, name)); err != nil {
		return nil, fmt.Errorf("renaming channel directory: %w", err)
	}
	node, err := j.importTree(dir, base(rel))
	if err != nil {
		return nil, err
	}
	return map[string]*castorev1.Node{rel: node}, nil
}
