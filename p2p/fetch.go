package p2p

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// blobWorkers is how many blobs of a directory closure are fetched at
// once (each with up to Config.FetchParallel chunks in flight).
const blobWorkers = 16

// fetchPath substitutes store path h from the cluster: its PathInfo from
// a provider (accepted only when a trusted key signed it), then the
// directories and blobs it needs from any provider of the path, all
// verified, into the local store; then announces it.
func (n *Node) fetchPath(ctx context.Context, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	what := "path " + nixbase32.EncodeToString(h[:])
	src, err := n.findSources(ctx, what, StorePathCID(h))
	if err != nil {
		return nil, err
	}
	defer src.stop()
	var info *storev1.PathInfo
	err = src.try(ctx, "path info", 0, func(ctx context.Context, _ peer.ID, pc *peerClient) error {
		i, err := pc.st.PathInfos.Get(ctx, h)
		if err != nil {
			return err
		}
		if err := n.checkTrusted(i); err != nil {
			return err
		}
		info = i
		return nil
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
// time, and returns the first error.
func (n *Node) fetchBlobs(ctx context.Context, blobs []blobRef, src *sources) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan blobRef)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(blobWorkers, len(blobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if err := n.fetchBlob(ctx, b, src); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
feed:
	for _, b := range blobs {
		select {
		case work <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
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
		data, err := n.fetchChunk(ctx, store.ChunkMeta{Digest: d, Size: b.size}, int(src.rr.Add(1)), src)
		if err == nil {
			n.fetched.Add(uint64(len(data)))
			return n.putExpecting(ctx, d, bytes.NewReader(data))
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

type chunkResult struct {
	data []byte
	err  error
}

// assemble fetches the chunks of d the local store lacks and writes the
// whole blob, in order, into the local store.
func (n *Node) assemble(ctx context.Context, d store.Digest, chunks []store.ChunkMeta, src *sources) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	missing := make([]bool, len(chunks))
	results := make([]chan chunkResult, len(chunks))
	for i, c := range chunks {
		has, err := n.local.Blobs.Has(ctx, c.Digest)
		if err != nil {
			return err
		}
		if !has {
			missing[i] = true
			results[i] = make(chan chunkResult, 1)
		}
	}
	// slots bounds chunks fetched but not yet written.
	slots := make(chan struct{}, n.cfg.FetchParallel)
	go func() {
		for i, c := range chunks {
			if !missing[i] {
				continue
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				data, err := n.fetchChunk(ctx, c, i, src)
				results[i] <- chunkResult{data, err}
			}()
		}
	}()

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(n.writeChunks(ctx, chunks, missing, results, slots, pw))
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

// writeChunks writes the blob's chunks in order to w: local ones read from
// the local store, missing ones as their fetches complete.
func (n *Node) writeChunks(ctx context.Context, chunks []store.ChunkMeta, missing []bool, results []chan chunkResult, slots chan struct{}, w io.Writer) error {
	for i, c := range chunks {
		if missing[i] {
			var r chunkResult
			select {
			case r = <-results[i]:
			case <-ctx.Done():
				return ctx.Err()
			}
			<-slots
			if r.err != nil {
				return r.err
			}
			if _, err := w.Write(r.data); err != nil {
				return err
			}
			n.fetched.Add(uint64(len(r.data)))
			continue
		}
		rc, err := n.local.Blobs.Open(ctx, c.Digest)
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

// fetchChunk reads one chunk from the providers, starting with the i-th
// (so parallel chunks spread over providers), in one call, and checks it
// against its digest and the size in the list.
func (n *Node) fetchChunk(ctx context.Context, c store.ChunkMeta, i int, src *sources) ([]byte, error) {
	var data []byte
	err := src.try(ctx, "chunk "+c.Digest.String(), i, func(ctx context.Context, _ peer.ID, pc *peerClient) error {
		b, err := readChunk(ctx, pc.blobs, c)
		data = b
		return err
	})
	return data, err
}

// readChunk reads chunk c with one Read call: no more than c.Size bytes
// are accepted, and they must hash to c.Digest.
func readChunk(ctx context.Context, bc castorev1.BlobServiceClient, c store.ChunkMeta) ([]byte, error) {
	stream, err := bc.Read(ctx, &castorev1.ReadBlobRequest{Digest: c.Digest[:]})
	if err != nil {
		return nil, remoteErr(err)
	}
	var data []byte
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, remoteErr(err)
		}
		if uint64(len(data)+len(msg.Data)) > c.Size {
			return nil, fmt.Errorf("%w: chunk %v: more than the %d bytes listed", store.ErrCorrupt, c.Digest, c.Size)
		}
		if data == nil && uint64(len(msg.Data)) == c.Size {
			data = msg.Data // the whole chunk in one message: no copy
			continue
		}
		if data == nil {
			data = make([]byte, 0, c.Size)
		}
		data = append(data, msg.Data...)
	}
	if got := store.DigestOf(data); got != c.Digest || uint64(len(data)) != c.Size {
		return nil, fmt.Errorf("%w: chunk %v: received %d bytes with digest %v", store.ErrCorrupt, c.Digest, len(data), got)
	}
	return data, nil
}

// remoteErr keeps the meaning of a NotFound from a peer.
func remoteErr(err error) error {
	if status.Code(err) == codes.NotFound {
		return fmt.Errorf("%w: %v", store.ErrNotFound, status.Convert(err).Message())
	}
	return err
}
