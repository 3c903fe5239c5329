package store

import (
	"context"
	"fmt"

	"github.com/p2pnix/tvix/proto/castorev1"
	"google.golang.org/protobuf/proto"
)

var deterministic = proto.MarshalOptions{Deterministic: true}

// EncodeDirectory returns the deterministic protobuf encoding of dir and its
// digest (the blake3-256 of that encoding).
func EncodeDirectory(dir *castorev1.Directory) ([]byte, Digest, error) {
	b, err := deterministic.Marshal(dir)
	if err != nil {
		return nil, Digest{}, fmt.Errorf("encode directory: %w", err)
	}
	return b, DigestOf(b), nil
}

// DirectoryDigest returns the digest of dir.
func DirectoryDigest(dir *castorev1.Directory) (Digest, error) {
	_, d, err := EncodeDirectory(dir)
	return d, err
}

// DecodeDirectory parses an encoded directory and checks that it has digest
// want. Use it for anything read from disk or the network.
func DecodeDirectory(b []byte, want Digest) (*castorev1.Directory, error) {
	if got := DigestOf(b); got != want {
		return nil, fmt.Errorf("%w: directory %v has content with digest %v", ErrCorrupt, want, got)
	}
	dir := new(castorev1.Directory)
	if err := proto.Unmarshal(b, dir); err != nil {
		return nil, fmt.Errorf("%w: directory %v: %v", ErrCorrupt, want, err)
	}
	return dir, nil
}

// WalkDirectories calls fn with root and then every directory below it,
// breadth-first, each digest once, each after the one referring to it. get
// loads one directory; it is the GetRecursive of backends that can do
// random access.
func WalkDirectories(ctx context.Context, root Digest, get func(context.Context, Digest) (*castorev1.Directory, error), fn func(Digest, *castorev1.Directory) error) error {
	seen := map[Digest]bool{root: true}
	queue := []Digest{root}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := queue[0]
		queue = queue[1:]
		dir, err := get(ctx, d)
		if err != nil {
			return err
		}
		if err := fn(d, dir); err != nil {
			return err
		}
		for _, child := range dir.Directories {
			cd, err := DigestFromBytes(child.Digest)
			if err != nil {
				return fmt.Errorf("%w: directory %v: entry %q: %v", ErrCorrupt, d, child.Name, err)
			}
			if !seen[cd] {
				seen[cd] = true
				queue = append(queue, cd)
			}
		}
	}
	return nil
}
