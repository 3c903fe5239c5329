package p2p

import (
	"context"
	"errors"
	"fmt"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// closureKeys returns the provider keys of a stored path: the store path,
// its root directory (if any) and every blob below it.
func closureKeys(ctx context.Context, st *store.Store, info *storev1.PathInfo) ([]cid.Cid, error) {
	h, err := store.ValidatePathInfo(info)
	if err != nil {
		return nil, err
	}
	keys := []cid.Cid{StorePathCID(h)}
	blobs, root, err := closureBlobs(ctx, st, info.Node)
	if err != nil {
		return nil, err
	}
	if root != nil {
		keys = append(keys, DirectoryCID(*root))
	}
	for _, b := range blobs {
		keys = append(keys, BlobCID(b.d))
	}
	return keys, nil
}

// blobRef is a file's blob and its size.
type blobRef struct {
	d    store.Digest
	size uint64
}

// closureBlobs lists the distinct blobs below node in st, and the root
// directory's digest when node is a directory.
func closureBlobs(ctx context.Context, st *store.Store, node *castorev1.Node) ([]blobRef, *store.Digest, error) {
	switch {
	case node.GetFile() != nil:
		d, err := store.DigestFromBytes(node.GetFile().Digest)
		return []blobRef{{d, node.GetFile().Size}}, nil, err
	case node.GetDirectory() != nil:
		root, err := store.DigestFromBytes(node.GetDirectory().Digest)
		if err != nil {
			return nil, nil, err
		}
		seen := map[store.Digest]bool{}
		var out []blobRef
		err = st.Directories.GetRecursive(ctx, root, func(_ store.Digest, dir *castorev1.Directory) error {
			for _, f := range dir.Files {
				d := store.Digest(f.Digest)
				if !seen[d] {
					seen[d] = true
					out = append(out, blobRef{d, f.Size})
				}
			}
			return nil
		})
		return out, &root, err
	}
	return nil, nil, nil
}

// Announce makes this node a provider of a path in its local store, its
// root directory and its blobs. The records are visible to local lookups
// at once and announced to the DHT in the background.
func (n *Node) Announce(ctx context.Context, info *storev1.PathInfo) error {
	keys, err := closureKeys(ctx, n.local, info)
	if err != nil {
		return fmt.Errorf("p2p: announce: %w", err)
	}
	n.prov.add(ctx, keys...)
	return nil
}

// AnnounceAll announces every path in the local store (at start, so a
// restarted node provides what it holds).
func (n *Node) AnnounceAll(ctx context.Context) error {
	return n.local.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		return n.Announce(ctx, info)
	})
}

// Withdraw stops announcing a path that was deleted from the local store,
// and every directory and blob the local store no longer holds. Records
// already in the DHT expire within three reprovide intervals; until then
// a peer asking this node gets NotFound and moves to the next provider.
func (n *Node) Withdraw(ctx context.Context, info *storev1.PathInfo) error {
	h, err := store.ValidatePathInfo(info)
	if err != nil {
		return fmt.Errorf("p2p: withdraw: %w", err)
	}
	if _, err := n.local.PathInfos.Get(ctx, h); err == nil {
		return fmt.Errorf("p2p: withdraw %s: still in the local store", store.NodeName(info.Node))
	}
	n.prov.remove(StorePathCID(h))
	for _, c := range n.prov.list() {
		d, err := store.DigestFromBytes(c.Hash()[2:])
		if err != nil {
			continue // a store path key
		}
		switch c.Type() {
		case CodecBlob:
			if ok, err := n.local.Blobs.Has(ctx, d); err == nil && !ok {
				n.prov.remove(c)
			}
		case CodecDirectory:
			if _, err := n.local.Directories.Get(ctx, d); errors.Is(err, store.ErrNotFound) {
				n.prov.remove(c)
			}
		}
	}
	return nil
}

// Provides reports whether this node announces key c.
func (n *Node) Provides(c cid.Cid) bool { return n.prov.provides(c) }

// WaitAnnounced blocks until every queued announcement has been made, or
// ctx ends. Announcements wait for the routing table to have a peer.
func (n *Node) WaitAnnounced(ctx context.Context) error { return n.prov.wait(ctx) }

// FindProviders returns up to max other peers that announced c, asking
// the DHT until max are found, the lookup ends or ctx does.
func (n *Node) FindProviders(ctx context.Context, c cid.Cid, max int) []peer.AddrInfo {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out []peer.AddrInfo
	// This node is among them only when it holds c, when nobody asks.
	for ai := range n.findProvidersAsync(ctx, c, max) {
		if ai.ID == n.host.ID() {
			continue
		}
		out = append(out, ai)
		if len(out) == max {
			break
		}
	}
	return out
}

// FindHolder returns a peer that holds store path h: the first provider
// the DHT lists (or, when every one fails, a connected peer) that answers
// with a PathInfo signed by a trusted key. Providers that lie or lack the
// path are penalised as in a fetch. When none holds it, the error wraps
// store.ErrNotFound.
func (n *Node) FindHolder(ctx context.Context, h [store.StorePathHashSize]byte) (peer.ID, error) {
	src, err := n.findSources(ctx, "path "+nixbase32.EncodeToString(h[:]), StorePathCID(h))
	if err != nil {
		return "", err
	}
	defer src.stop()
	var holder peer.ID
	err = src.try(ctx, "path info", 0, func(ctx context.Context, id peer.ID, pc *peerClient) error {
		_, err := n.trustedInfo(ctx, id, pc, h, src.listed(id))
		if err == nil {
			holder = id
		}
		return err
	})
	return holder, err
}

// Holds asks peer id for the PathInfo of store path h and reports nil
// when it answers with one signed by a trusted key. A peer answering with
// an untrusted one is penalised as in a fetch, one lacking it counts a
// false provider record.
func (n *Node) Holds(ctx context.Context, id peer.ID, h [store.StorePathHashSize]byte) error {
	pc, err := n.tr.peer(peer.AddrInfo{ID: id})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, n.cfg.ProviderTimeout)
	defer cancel()
	_, err = n.trustedInfo(ctx, id, pc, h, true)
	if errors.Is(err, ErrUntrusted) {
		n.rejected(id, store.RejectedBytes(err))
	}
	return err
}
