package p2p

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/ipfs/go-cid"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// The misbehaviour of a test build (package faults) where a node serves
// peers: without the build tag faults every faults.On is false and none
// of this runs.

// faultyServed wraps the store served to peers with the faults on.
func (n *Node) faultyServed(st *store.Store) *store.Store {
	out := *st
	if faults.On(faults.CorruptChunks) {
		out.Blobs = corruptBlobs{st.Blobs}
	}
	if faults.On(faults.WrongDirs) {
		out.Directories = wrongDirs{st.Directories}
	}
	return &out
}

// faultyChunk corrupts a chunk about to be served to a peer.
func (n *Node) faultyChunk(rc io.ReadCloser) io.ReadCloser {
	if !faults.On(faults.CorruptChunks) {
		return rc
	}
	return corrupted(rc)
}

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

func (c corruptBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := c.BlobService.Open(ctx, d)
	if err != nil {
		return nil, err
	}
	return corrupted(rc), nil
}

// wrongDirs serves altered directories.
type wrongDirs struct{ store.DirectoryService }

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

// unknownKey signs the PathInfos of the unknown-key fault.
var unknownKey = sync.OnceValues(func() (nixsig.SecretKey, error) {
	sk, _, err := nixsig.GenerateKey("tvix-faults-1")
	return sk, err
})

// faultyInfo is the PathInfo of path h served to a peer: with the
// unknown-key fault, the PathInfos of half the paths (those whose hash
// starts with an even byte: the other faults are reached by the rest)
// are signed by a key nobody trusts instead of their own keys.
func (n *Node) faultyInfo(h [store.StorePathHashSize]byte, info *storev1.PathInfo) *storev1.PathInfo {
	if !faults.On(faults.UnknownKey) || h[0]%2 != 0 {
		return info
	}
	sk, err := unknownKey()
	if err != nil {
		return info
	}
	out := proto.Clone(info).(*storev1.PathInfo)
	if out.Narinfo == nil {
		return info
	}
	out.Narinfo.Signatures = nil
	if err := nixsig.Sign(n.cfg.StoreDir, sk, out); err != nil {
		fmt.Fprintf(n.cfg.Log, "p2p: faults: signing with the unknown key: %v\n", err)
		return info
	}
	return out
}

// falselyProvide announces this node as provider of key, held or not,
// with the false-providers fault.
func (n *Node) falselyProvide(key cid.Cid) {
	if faults.On(faults.FalseProviders) && !n.prov.provides(key) {
		n.prov.add(n.ctx, key)
	}
}
