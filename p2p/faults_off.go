//go:build !faults

package p2p

import (
	"io"

	"github.com/ipfs/go-cid"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
)

// Without the build tag faults the hooks of faults_on.go do nothing.

func (n *Node) faultyServed(st *store.Store) *store.Store { return st }

func (n *Node) faultyChunk(rc io.ReadCloser) io.ReadCloser { return rc }

func (n *Node) faultyInfo(_ [store.StorePathHashSize]byte, info *storev1.PathInfo) *storev1.PathInfo {
	return info
}

func (n *Node) falselyProvide(cid.Cid) {}
