package p2p

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/protobuf/proto"
)

// blobWorkers is how many blobs of a directory closure are fetched at
// once (each with up to Config.FetchParallel chunks in flight).
const blobWorkers = 16

// fetchPath substitutes store path h from the cluster: its PathInfo from
// a provider (accepted only when a trusted key signed it), then the
// directories and blobs it needs from any provider of the path, all
// verified, into the local store; then announces it. Concurrent fetches
// of one path share one, which goes on (until the node closes) when a
// caller's ctx ends while another waits.
func (n *Node) fetchPath(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	return n.fetchShared(ctx, h, nil)
}

// fetchShared is fetchPath from peer from, when not nil, instead of the
// providers the DHT knows.
func (n *Node) fetchShared(ctx context.Context, h [store.StorePathHashSize]byte, from *peer.AddrInfo) (*storev1.PathInfo, error) {
	ch := n.fetches.DoChan(string(h[:]), func() (any, error) {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		defer cancel()
		defer context.AfterFunc(n.ctx, cancel)()
		return n.fetchPathFrom(fctx, h, from)
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*storev1.PathInfo), nil
	}
}

func (n *Node) fetchPathFrom(ctx context.Context, h [store.StorePathHashSize]byte, from *peer.AddrInfo) (*storev1.PathInfo, error) {
	what := "path " + nixbase32.EncodeToString(h[:])
	defer n.use.hold(h)()
	var src *sources
	if from != nil {
		src = n.peerSources(what, *from)
	} else {
		var err error
		if src, err = n.findSources(ctx, what, StorePathCID(h)); err != nil {
			return nil, err
		}
	}
	defer src.stop()
	var info *storev1.PathInfo
	err := src.try(ctx, "path info", 0, func(ctx context.Context, id peer.ID, pc *peerClient) error {
		i, err := n.trustedInfo(ctx, id, pc, h, src.listed(id))
		info = i
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := n.fetchNode(ctx, info.Node, src); err != nil {
		return nil, err
	}
	out, err := n.local.PathInfos.Put(ctx, info)
	if err != nil {
		return nil, fmt.Errorf("p2p: %s: storing fetched path info: %w", what, err)
	}
	if err := n.Announce(n.ctx, out); err != nil {
		fmt.Fprintf(n.cfg.Log, "p2p: %v\n", err)
	}
	return out, nil
}

// trustedInfo reads the PathInfo of h from provider id, refused unless a
// trusted key signed it. A provider the DHT listed that lacks it made a
// false provider record.
func (n *Node) trustedInfo(ctx context.Context, id peer.ID, pc *peerClient, h [store.StorePathHashSize]byte, listed bool) (*storev1.PathInfo, error) {
	i, err := pc.st.PathInfos.Get(ctx, h)
	if errors.Is(err, store.ErrNotFound) && listed {
		n.falseRecord(id)
	}
	if err != nil {
		return nil, err
	}
	if err := n.checkTrusted(i); err != nil {
		return nil, store.Rejected(int64(proto.Size(i)), err)
	}
	return i, nil
}

// fetchNode makes the content below a root node local.
func (n *Node) fetchNode(ctx context.Context, node *castorev1.Node, src *sources) error {
	if node.GetDirectory() != nil {
		if err := n.fetchDirectories(ctx, store.Digest(node.GetDirectory().Digest), src); err != nil {
			return err
		}
	}
	blobs, _, err := closureBlobs(ctx, n.local, node)
	if err != nil {
		return err
	}
	return n.fetchBlobs(ctx, blobs, src)
}

// fetchBlobs fetches the blobs the local store lacks, blobWorkers at a
// time, and returns the first error. Blobs small enough to be one chunk
// go in batches (one ChunkProtocol stream for many files); larger ones
// one by one, each with its chunks in batches.
func (n *Node) fetchBlobs(ctx context.Context, blobs []blobRef, src *sources) error {
	var small []store.ChunkMeta
	var jobs []func(context.Context) error
	for _, b := range blobs {
		if b.size > 0 && b.size <= store.ChunkMinSize {
			small = append(small, store.ChunkMeta{Digest: b.d, Size: b.size})
			continue
		}
		jobs = append(jobs, func(ctx context.Context) error { return n.fetchBlob(ctx, b, src) })
	}
	for k, r := range batches(small, n.cfg.FetchBatchBytes) {
		jobs = append(jobs, func(ctx context.Context) error { return n.fetchSmallBlobs(ctx, small[r[0]:r[1]], k, src) })
	}
	return store.RunJobs(ctx, blobWorkers, jobs)
}

// fetchSmallBlobs fetches single-chunk blobs the local store lacks in one
// batch and stores each. When no provider has the whole batch, each blob
// is fetched on its own.
func (n *Node) fetchSmallBlobs(ctx context.Context, cs []store.ChunkMeta, start int, src *sources) error {
	var need []store.ChunkMeta
	for _, c := range cs {
		if ok, err := n.local.Blobs.Has(ctx, c.Digest); err != nil {
			return err
		} else if !ok {
			need = append(need, c)
		}
	}
	if len(need) == 0 {
		return nil
	}
	data, err := n.fetchBatch(ctx, need, start, src)
	if errors.Is(err, store.ErrNotFound) {
		for _, c := range need {
			if err := n.fetchBlob(ctx, blobRef{d: c.Digest, size: c.Size}, src); err != nil {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	for i, c := range need {
		n.fetched.Add(uint64(len(data[i])))
		if err := n.putChunk(ctx, c, data[i]); err != nil {
			return err
		}
	}
	return nil
}

// fetchDirectories makes directory root and everything below it local:
// the closure from one provider (verified by the gRPC client: digests,
// validity, completeness), put leaves first.
func (n *Node) fetchDirectories(ctx context.Context, root store.Digest, src *sources) error {
	if _, err := n.local.Directories.Get(ctx, root); err == nil {
		return nil // a stored directory's closure is stored
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return src.try(ctx, "directory "+root.String(), 0, func(ctx context.Context, _ peer.ID, pc *peerClient) error {
		var dirs []*castorev1.Directory
		err := pc.st.Directories.GetRecursive(ctx, root, func(_ store.Digest, d *castorev1.Directory) error {
			dirs = append(dirs, d)
			return nil
		})
		if err != nil {
			return err
		}
		// Received parents first: reversed, every directory follows the
		// ones it refers to.
		p := n.local.Directories.NewPutter(ctx)
		for i := len(dirs) - 1; i >= 0; i-- {
			if _, err := p.Put(dirs[i]); err != nil {
				p.Close()
				return fmt.Errorf("%w: %v", store.ErrCorrupt, err)
			}
		}
		got, err := p.Close()
		if err == nil && got != root {
			err = fmt.Errorf("%w: closure of %v ends in %v", store.ErrCorrupt, root, got)
		}
		return err
	})
}

// fetchBlob makes blob d local: the chunk list from a provider, then only
// the chunks the local store lacks, FetchParallel at a time from rotating
// providers, each verified; the blob is assembled in content order into
// the local store, which must arrive at digest d. A provider whose chunk
// list does not add up to d is dropped and the next one's list is used.
func (n *Node) fetchBlob(ctx context.Context, b blobRef, src *sources) error {
	d := b.d
	if ok, err := n.local.Blobs.Has(ctx, d); err != nil || ok {
		return err
	}
	what := "blob " + d.String()
	if b.size > 0 && b.size <= store.ChunkMinSize {
		// Small enough to be its own single chunk: no list to ask for.
		data, err := n.fetchBatch(ctx, []store.ChunkMeta{{Digest: d, Size: b.size}}, int(src.rr.Add(1)), src)
		if err == nil {
			n.fetched.Add(uint64(len(data[0])))
			return n.putChunk(ctx, store.ChunkMeta{Digest: d, Size: b.size}, data[0])
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	for {
		var chunks []store.ChunkMeta
		var lister peer.ID
		err := src.try(ctx, "chunk list of "+what, 0, func(ctx context.Context, id peer.ID, pc *peerClient) error {
			cs, err := pc.st.Blobs.Chunks(ctx, d)
			chunks, lister = cs, id
			return err
		})
		if err != nil {
			return err
		}
		if len(chunks) == 1 && chunks[0].Size == 0 {
			// No chunk list: stream the whole blob (the client verifies it).
			return src.try(ctx, what, 0, func(ctx context.Context, _ peer.ID, pc *peerClient) error {
				rc, err := pc.st.Blobs.Open(ctx, d)
				if err != nil {
					return err
				}
				defer rc.Close()
				return n.putExpecting(ctx, d, rc)
			})
		}
		err = n.assemble(ctx, d, chunks, src)
		if !errors.Is(err, errWrongList) {
			return err
		}
		src.fail(lister, "chunk list of "+what, err)
	}
}

// errWrongList: verified chunks did not add up to the blob.
var errWrongList = errors.New("chunk list does not add up to the blob")

// putExpecting stores r locally and checks it had digest d. A mismatch
// stores nothing under d.
func (n *Node) putExpecting(ctx context.Context, d store.Digest, r io.Reader) error {
	got, _, err := n.local.Blobs.Put(ctx, r)
	if err != nil {
		return err
	}
	if got != d {
		return fmt.Errorf("%w: blob %v: received content with digest %v", store.ErrCorrupt, d, got)
	}
	return nil
}

// putChunk stores a blob of one chunk, data, verified against c by the
// fetch: without hashing it again when the local store can take
// verified chunks.
func (n *Node) putChunk(ctx context.Context, c store.ChunkMeta, data []byte) error {
	if cp, ok := n.local.Blobs.(store.ChunkPutter); ok {
		return cp.PutChunks(ctx, c.Digest, []store.ChunkMeta{c}, func(int) ([]byte, error) { return data, nil })
	}
	return n.putExpecting(ctx, c.Digest, bytes.NewReader(data))
}

// batchResult is a fetched batch of chunks.
type batchResult struct {
	data [][]byte
	err  error
}

// assemble fetches the chunks of d the local store lacks, in batches,
// FetchParallel batches at a time, and writes the whole blob, in order,
// into the local store.
func (n *Node) assemble(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, src *sources) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	missing := make([]bool, len(chunks))
	var need []store.ChunkMeta
	for i, c := range chunks {
		has, err := n.local.Blobs.Has(ctx, c.Digest)
		if err != nil {
			return err
		}
		if !has {
			missing[i] = true
			need = append(need, c)
		}
	}
	bs := batches(need, n.cfg.FetchBatchBytes)
	results := make([]chan batchResult, len(bs))
	for k := range results {
		results[k] = make(chan batchResult, 1)
	}
	// slots bounds batches fetched but not yet taken by the writer.
	slots := make(chan struct{}, n.cfg.FetchParallel)
	go func() {
		for k, r := range bs {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				data, err := n.fetchBatch(ctx, need[r[0]:r[1]], k, src)
				results[k] <- batchResult{data, err}
			}()
		}
	}()

	feed := &chunkFeed{n: n, ctx: ctx, missing: missing, results: results, slots: slots}
	if cp, ok := n.local.Blobs.(store.ChunkPutter); ok {
		// The fetched chunks are verified: the store takes them as they
		// are and only hashes the whole blob.
		err := cp.PutChunks(ctx, d, chunks, feed.chunk)
		if err != nil && feed.err == nil && errors.Is(err, store.ErrCorrupt) {
			return fmt.Errorf("%w: %w", errWrongList, err)
		}
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(feed.writeTo(chunks, pw))
	}()
	got, _, err := n.local.Blobs.Put(ctx, pr)
	pr.CloseWithError(errors.New("assembly ended"))
	if err != nil {
		return err
	}
	if got != d {
		return fmt.Errorf("%w: %w: blob %v: verified chunks add up to %v", store.ErrCorrupt, errWrongList, d, got)
	}
	return nil
}

// chunkFeed hands out the fetched chunks of one blob in content order as
// their batches complete.
type chunkFeed struct {
	n       *Node
	ctx     context.Context
	missing []bool             // the chunks being fetched
	results []chan batchResult // the batches, in order
	slots   chan struct{}      // freed as each batch is taken
	batch   [][]byte           // the rest of the current batch
	next    int                // the next batch
	pos     int                // the next chunk
	err     error              // the first fetch error
}

// take returns the next fetched chunk.
func (f *chunkFeed) take() ([]byte, error) {
	if len(f.batch) == 0 {
		var r batchResult
		select {
		case r = <-f.results[f.next]:
		case <-f.ctx.Done():
			return nil, f.ctx.Err()
		}
		<-f.slots
		f.next++
		if r.err != nil {
			f.err = r.err
			return nil, r.err
		}
		f.batch = r.data
	}
	data := f.batch[0]
	f.batch = f.batch[1:]
	f.n.fetched.Add(uint64(len(data)))
	return data, nil
}

// chunk returns fetched chunk i (called in increasing i), passing over
// fetched chunks before it that the store no longer needed.
func (f *chunkFeed) chunk(i int) ([]byte, error) {
	for ; f.pos < i; f.pos++ {
		if f.missing[f.pos] {
			if _, err := f.take(); err != nil {
				return nil, err
			}
		}
	}
	f.pos = i + 1
	if !f.missing[i] {
		f.err = fmt.Errorf("p2p: chunk %d left the local store during the fetch", i)
		return nil, f.err
	}
	return f.take()
}

// writeTo writes the blob's chunks in order to w: local ones read from
// the local store, fetched ones as their batches complete.
func (f *chunkFeed) writeTo(chunks []store.ChunkMeta, w io.Writer) error {
	for i, c := range chunks {
		if f.missing[i] {
			data, err := f.take()
			if err != nil {
				return err
			}
			if _, err := w.Write(data); err != nil {
				return err
			}
			continue
		}
		rc, err := f.n.local.Blobs.Open(f.ctx, c.Digest)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// fetchBatch reads chunks cs (at most one batch) from the providers,
// starting with the start-th (so parallel batches spread over
// providers), each chunk checked against its digest and listed size.
func (n *Node) fetchBatch(ctx context.Context, cs []store.ChunkMeta, start int, src *sources) ([][]byte, error) {
	what := fmt.Sprintf("%d chunks from %v", len(cs), cs[0].Digest)
	var out [][]byte
	err := src.try(ctx, what, start, func(ctx context.Context, id peer.ID, _ *peerClient) error {
		out = make([][]byte, len(cs))
		return n.readChunkBatch(ctx, id, cs, func(i int, data []byte) error {
			out[i] = data
			return nil
		})
	})
	return out, err
}
