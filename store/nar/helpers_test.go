package nar

import (
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"google.golang.org/protobuf/proto"
)

func mustStorePath(t *testing.T, n *castorev1.Node) nixpath.StorePath {
	t.Helper()
	sp, err := nixpath.ParseBase(string(store.NodeName(n)))
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// sameNode compares two nodes ignoring the root's name.
func sameNode(a, b *castorev1.Node) bool {
	a, b = proto.Clone(a).(*castorev1.Node), proto.Clone(b).(*castorev1.Node)
	SetNodeName(a, nil)
	SetNodeName(b, nil)
	return proto.Equal(a, b)
}
