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
//
// Over a local shard that has them (the memory and local stores do), the
// services also have the optional capabilities ChunkPutter with
// BlobInventory, DirectoryInventory and PathInfoBatcher, each listing or
// putting into the local shard only.
func (n *Node) Store() *store.Store {
	var blobs store.BlobService = &p2pBlobs{n}
	if lb, ok := n.local.Blobs.(inventoriedBlobs); ok {
		blobs = &p2pChunkedBlobs{p2pBlobs{n}, lb}
	}
	var dirs store.DirectoryService = &p2pDirectories{n}
	if ld, ok := n.local.Directories.(store.DirectoryInventory); ok {
		dirs = &p2pListedDirectories{p2pDirectories{n}, ld}
	}
	var infos store.PathInfoService = &p2pPathInfos{n}
	if lb, ok := n.local.PathInfos.(store.PathInfoBatcher); ok {
		infos = &p2pBatchedPathInfos{p2pPathInfos{n}, lb}
	}
	return &store.Store{
		Blobs:       blobs,
		Directories: dirs,
		PathInfos:   infos,
		Close:       func() error { return nil },
	}
}

var (
	_ store.BlobService        = (*p2pBlobs)(nil)
	_ inventoriedBlobs         = (*p2pChunkedBlobs)(nil)
	_ store.DirectoryService   = (*p2pDirectories)(nil)
	_ store.DirectoryInventory = (*p2pListedDirectories)(nil)
	_ store.PathInfoService    = (*p2pPathInfos)(nil)
	_ store.PathInfoBatcher    = (*p2pBatchedPathInfos)(nil)
)

// p2pBlobs is the BlobService of Store.
type p2pBlobs struct{ n *Node }

// inventoriedBlobs is a BlobService that also takes blobs as chunks and
// lists its chunks.
type inventoriedBlobs interface {
	store.BlobService
	store.ChunkPutter
	store.BlobInventory
}

// p2pChunkedBlobs is p2pBlobs over a local shard with ChunkPutter and
// BlobInventory.
type p2pChunkedBlobs struct {
	p2pBlobs
	local inventoriedBlobs
}

// PutChunks stores the blob in the local shard and announces it.
func (b *p2pChunkedBlobs) PutChunks(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, data func(int) ([]byte, error)) error {
	if err := b.local.PutChunks(ctx, d, chunks, data); err != nil {
		return err
	}
	b.n.prov.add(b.n.ctx, BlobCID(d))
	return nil
}

// ForEachChunk lists the local shard's chunks.
func (b *p2pChunkedBlobs) ForEachChunk(ctx context.Context, fn func(store.ChunkMeta) error) error {
	return b.local.ForEachChunk(ctx, fn)
}

// ForEachBlob lists the local shard's chunked blobs.
func (b *p2pChunkedBlobs) ForEachBlob(ctx context.Context, fn func(store.Digest, []store.ChunkMeta) error) error {
	return b.local.ForEachBlob(ctx, fn)
}

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

// p2pListedDirectories is p2pDirectories over a local shard with
// DirectoryInventory.
type p2pListedDirectories struct {
	p2pDirectories
	local store.DirectoryInventory
}

// ForEachDirectory lists the local shard's directories.
func (s *p2pListedDirectories) ForEachDirectory(ctx context.Context, fn func(store.Digest, []byte) error) error {
	return s.local.ForEachDirectory(ctx, fn)
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
	s.stored(out)
	return out, nil
}

// stored marks a PathInfo just put locally as used, announces it and
// starts its replication.
func (s *p2pPathInfos) stored(info *storev1.PathInfo) {
	if h, err := store.ValidatePathInfo(info); err == nil {
		s.n.use.touch(h)
	}
	if err := s.n.Announce(s.n.ctx, info); err != nil {
		fmt.Fprintf(s.n.cfg.Log, "p2p: %v\n", err)
	}
	s.n.replicateAsync(info)
}

// p2pBatchedPathInfos is p2pPathInfos over a local shard with
// PathInfoBatcher.
type p2pBatchedPathInfos struct {
	p2pPathInfos
	local store.PathInfoBatcher
}

// PutMany stores infos in the local shard all or none, then announces and
// replicates each as Put does.
func (s *p2pBatchedPathInfos) PutMany(ctx context.Context, infos []*storev1.PathInfo) ([]*storev1.PathInfo, error) {
	out, err := s.local.PutMany(ctx, infos)
	if err != nil {
		return nil, err
	}
	for _, info := range out {
		s.stored(info)
	}
	return out, nil
}

// List lists the local shard only.
func (s *p2pPathInfos) List(ctx context.Context, fn func(*storev1.PathInfo) error) error {
	return s.n.local.PathInfos.List(ctx, fn)
}
