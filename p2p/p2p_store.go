package p2p

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ipfs/go-cid"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// Store returns the p2p store backend: the node's local shard extended by
// the cluster. Reads that miss locally find providers through the DHT,
// fetch (verified) into the local shard and announce what they fetched;
// writes go to the local shard and are announced, and a new PathInfo is
// pushed to Config.Replicas-1 other nodes. Closing it does nothing: the
// node and the local store have their own Close.
func (n *Node) Store() *store.Store {
	return &store.Store{
		Blobs:       &p2pBlobs{n},
		Directories: &p2pDirectories{n},
		PathInfos:   &p2pPathInfos{n},
		Close:       func() error { return nil },
	}
}

// p2pBlobs is the BlobService of Store.
type p2pBlobs struct{ n *Node }

// Has reports what the local shard holds; it does not ask peers.
func (b *p2pBlobs) Has(ctx context.Context, d store.Digest) (bool, error) {
	return b.n.local.Blobs.Has(ctx, d)
}

func (b *p2pBlobs) Chunks(ctx context.Context, d store.Digest) ([]store.ChunkMeta, error) {
	cs, err := b.n.local.Blobs.Chunks(ctx, d)
	if !errors.Is(err, store.ErrNotFound) {
		return cs, err
	}
	if err := b.fetch(ctx, d); err != nil {
		return nil, err
	}
	return b.n.local.Blobs.Chunks(ctx, d)
}

func (b *p2pBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := b.n.local.Blobs.Open(ctx, d)
	if !errors.Is(err, store.ErrNotFound) {
		return rc, err
	}
	if err := b.fetch(ctx, d); err != nil {
		return nil, err
	}
	return b.n.local.Blobs.Open(ctx, d)
}

// fetch substitutes blob d from its providers and announces it.
func (b *p2pBlobs) fetch(ctx context.Context, d store.Digest) error {
	return b.n.substitute(ctx, "blob "+d.String(), BlobCID(d), func(src *sources) error {
		return b.n.fetchBlob(ctx, blobRef{d: d}, src) // size unknown
	})
}

// substitute runs fetch with the providers of key, then announces key.
func (n *Node) substitute(ctx context.Context, what string, key cid.Cid, fetch func(*sources) error) error {
	src, err := n.findSources(ctx, what, key)
	if err != nil {
		return err
	}
	defer src.stop()
	if err := fetch(src); err != nil {
		return err
	}
	n.prov.add(n.ctx, key)
	return nil
}

func (b *p2pBlobs) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	d, size, err := b.n.local.Blobs.Put(ctx, r)
	if err == nil {
		b.n.prov.add(b.n.ctx, BlobCID(d))
	}
	return d, size, err
}

// p2pDirectories is the DirectoryService of Store.
type p2pDirectories struct{ n *Node }

// ensure makes directory d and its closure local.
func (s *p2pDirectories) ensure(ctx context.Context, d store.Digest) error {
	_, err := s.n.local.Directories.Get(ctx, d)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.n.substitute(ctx, "directory "+d.String(), DirectoryCID(d), func(src *sources) error {
		return s.n.fetchDirectories(ctx, d, src)
	})
}

func (s *p2pDirectories) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	if err := s.ensure(ctx, d); err != nil {
		return nil, err
	}
	return s.n.local.Directories.Get(ctx, d)
}

func (s *p2pDirectories) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	if err := s.ensure(ctx, root); err != nil {
		return err
	}
	return s.n.local.Directories.GetRecursive(ctx, root, fn)
}

func (s *p2pDirectories) NewPutter(ctx context.Context) store.DirectoryPutter {
	return &announcingPutter{DirectoryPutter: s.n.local.Directories.NewPutter(ctx), n: s.n}
}

// announcingPutter announces the root of a committed closure.
type announcingPutter struct {
	store.DirectoryPutter
	n *Node
}

func (p *announcingPutter) Close() (store.Digest, error) {
	root, err := p.DirectoryPutter.Close()
	if err == nil {
		p.n.prov.add(p.n.ctx, DirectoryCID(root))
	}
	return root, err
}

// p2pPathInfos is the PathInfoService of Store.
type p2pPathInfos struct{ n *Node }

// Get returns the local PathInfo, or substitutes the path from the
// cluster (see fetchPath).
func (s *p2pPathInfos) Get(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	info, err := s.n.local.PathInfos.Get(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		info, err = s.n.fetchPath(ctx, h)
	}
	if err == nil {
		s.n.use.touch(h)
	}
	return info, err
}

// Put stores info locally, announces the path and its content, and
// starts pushing it to Replicas-1 other nodes in the background.
func (s *p2pPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	out, err := s.n.local.PathInfos.Put(ctx, info)
	if err != nil {
		return nil, err
	}
	if h, err := store.ValidatePathInfo(out); err == nil {
		s.n.use.touch(h)
	}
	if err := s.n.Announce(s.n.ctx, out); err != nil {
		fmt.Fprintf(s.n.cfg.Log, "p2p: %v\n", err)
	}
	s.n.replicateAsync(out)
	return out, nil
}

// List lists the local shard only.
func (s *p2pPathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.n.local.PathInfos.List(ctx, fn)
}
