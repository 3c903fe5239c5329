//go:build faults

package p2p

import (
	"fmt"
	"io"
	"sync"

	"github.com/ipfs/go-cid"
	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// The hooks of a test build's misbehaviour where a node serves peers, each
// switched on by its fault (package faults).

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
