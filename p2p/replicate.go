package p2p

import (
	"context"
	"errors"
	"fmt"
	"time"

	kb "github.com/libp2p/go-libp2p-kbucket"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc/metadata"
)

// replicateTimeout bounds pushing one path to one peer.
const replicateTimeout = 10 * time.Minute

// replicateAsync pushes info to Replicas-1 peers in the background,
// logging failures. Close waits for pushes in flight (they end with the
// node's context).
func (n *Node) replicateAsync(info *storev1.PathInfo) {
	if n.cfg.Replicas <= 1 {
		return
	}
	n.goBackground(func() {
		if _, err := n.Replicate(n.ctx, info); err != nil && n.ctx.Err() == nil {
			fmt.Fprintf(n.cfg.Log, "p2p: %v\n", err)
		}
	})
}

// Replicate pushes a locally stored path to the Replicas-1 peers closest
// to its key in the DHT's XOR metric (the nodes a lookup reaches first),
// skipping peers that have it already, and returns the peers that now
// hold it. Each peer checks the PathInfo's signature against its own
// trusted keys before storing it, and then announces it. The peer pulls
// the path from this node as it fetches any path (chunks it lacks, in
// pipelined batches), one fetch with any of its own of the same path; a
// peer that does not, or fails, is sent the blobs it lacks (whole blobs:
// the peer re-chunks them).
func (n *Node) Replicate(ctx context.Context, info *storev1.PathInfo) ([]peer.ID, error) {
	h, err := store.ValidatePathInfo(info)
	if err != nil {
		return nil, fmt.Errorf("p2p: replicate: %w", err)
	}
	name := string(store.NodeName(info.Node))
	want := n.cfg.Replicas - 1
	if want <= 0 {
		return nil, nil
	}
	if !n.prov.waitRoutable(ctx) {
		return nil, ctx.Err()
	}
	key := string(StorePathCID(h).Hash())
	closest, err := n.dht.GetClosestPeers(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("p2p: replicate %s: closest peers: %w", name, err)
	}
	closest = kb.SortClosestPeers(closest, kb.ConvertKey(key))
	var done []peer.ID
	var errs []string
	for _, id := range closest {
		if len(done) == want {
			break
		}
		if id == n.host.ID() {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, replicateTimeout)
		err := n.pushPath(pctx, id, h, info)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return done, ctx.Err()
			}
			errs = append(errs, fmt.Sprintf("%s: %v", id, err))
			continue
		}
		done = append(done, id)
	}
	if len(done) < want {
		return done, fmt.Errorf("p2p: replicate %s: %d of %d replicas (peers tried: %d; %v)", name, len(done), want, len(closest), errs)
	}
	return done, nil
}

// pullHeader, on a PathInfo Get, asks the peer to fetch a path it lacks
// from the caller (see servedPathInfos.Get).
const pullHeader = "tvix-replica-pull"

// pushPath makes peer id hold info's path: the peer pulls it (through
// the chunk protocol, as one fetch with any of its own of the path), or,
// if that fails, info and the content below it are sent.
func (n *Node) pushPath(ctx context.Context, id peer.ID, h [store.StorePathHashSize]byte, info *storev1.PathInfo) error {
	defer n.use.hold(h)()
	remote, err := n.tr.peerStore(peer.AddrInfo{ID: id})
	if err != nil {
		return err
	}
	pctx := metadata.AppendToOutgoingContext(ctx, pullHeader, "1")
	if _, err := remote.PathInfos.Get(pctx, h); err == nil {
		return nil
	} else if ctx.Err() != nil {
		return ctx.Err()
	}
	if d := info.Node.GetDirectory(); d != nil {
		if err := n.pushDirectories(ctx, remote, store.Digest(d.Digest)); err != nil {
			return err
		}
	}
	blobs, _, err := closureBlobs(ctx, n.local, info.Node)
	if err != nil {
		return err
	}
	for _, b := range blobs {
		if err := n.pushBlob(ctx, remote, b.d); err != nil {
			return err
		}
	}
	_, err = remote.PathInfos.Put(ctx, info)
	return err
}

// pushDirectories sends the closure of root, leaves first, unless the
// remote has root (and so its closure).
func (n *Node) pushDirectories(ctx context.Context, remote *store.Store, root store.Digest) error {
	if _, err := remote.Directories.Get(ctx, root); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var dirs []*castorev1.Directory
	err := n.local.Directories.GetRecursive(ctx, root, func(_ store.Digest, d *castorev1.Directory) error {
		dirs = append(dirs, d)
		return nil
	})
	if err != nil {
		return err
	}
	p := remote.Directories.NewPutter(ctx)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := p.Put(dirs[i]); err != nil {
			p.Close()
			return err
		}
	}
	_, err = p.Close()
	return err
}

// pushBlob sends blob d unless the remote has it.
func (n *Node) pushBlob(ctx context.Context, remote *store.Store, d store.Digest) error {
	if ok, err := remote.Blobs.Has(ctx, d); err != nil || ok {
		return err
	}
	rc, err := n.local.Blobs.Open(ctx, d)
	if err != nil {
		return err
	}
	defer rc.Close()
	got, _, err := remote.Blobs.Put(ctx, rc)
	if err == nil && got != d {
		err = fmt.Errorf("%w: pushed blob %v, peer stored %v", store.ErrCorrupt, d, got)
	}
	return err
}
