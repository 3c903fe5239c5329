package p2p

import (
	"bytes"
	"context"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/protobuf/proto"
)

// The pieces of the misbehaviour of a test build (package faults) where a
// node serves peers: the hooks that use them are in faults_on.go, built
// only with the build tag faults (faults_off.go has their no-op twins).

// corrupted reads rc and returns its bytes with the first one flipped.
func corrupted(rc io.ReadCloser) io.ReadCloser {
	b, err := io.ReadAll(rc)
	rc.Close()
	if len(b) > 0 {
		b[0] ^= 0xff
	}
	return &errReader{Reader: bytes.NewReader(b), err: err}
}

// errReader reads Reader, then ends with err if not nil.
type errReader struct {
	*bytes.Reader
	err error
}

func (r *errReader) Read(p []byte) (int, error) {
	k, err := r.Reader.Read(p)
	if err == io.EOF && r.err != nil {
		err = r.err
	}
	return k, err
}

func (r *errReader) Close() error { return nil }

// corruptBlobs serves every blob with its first byte flipped.
type corruptBlobs struct{ store.BlobService }

var _ store.BlobService = corruptBlobs{}

func (c corruptBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := c.BlobService.Open(ctx, d)
	if err != nil {
		return nil, err
	}
	return corrupted(rc), nil
}

// wrongDirs serves altered directories.
type wrongDirs struct{ store.DirectoryService }

var _ store.DirectoryService = wrongDirs{}

func (w wrongDirs) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	dir, err := w.DirectoryService.Get(ctx, d)
	if err != nil {
		return nil, err
	}
	return alterDir(dir), nil
}

func (w wrongDirs) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	return w.DirectoryService.GetRecursive(ctx, root, func(d store.Digest, dir *castorev1.Directory) error {
		return fn(d, alterDir(dir))
	})
}

// alterDir returns a valid directory other than dir.
func alterDir(dir *castorev1.Directory) *castorev1.Directory {
	out := proto.Clone(dir).(*castorev1.Directory)
	switch {
	case len(out.Files) > 0:
		out.Files[0].Executable = !out.Files[0].Executable
	case len(out.Symlinks) > 0:
		out.Symlinks[0].Target = append(out.Symlinks[0].Target, 'x')
	default:
		out.Symlinks = append(out.Symlinks, &castorev1.SymlinkNode{Name: []byte("~fault"), Target: []byte("x")})
	}
	return out
}
