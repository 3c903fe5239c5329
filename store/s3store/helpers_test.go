package s3store_test

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/nix-community/go-nix/pkg/nixbase32"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
)

func nixHash(h [store.StorePathHashSize]byte) string { return nixbase32.EncodeToString(h[:]) }

func getObject(t *testing.T, srv *s3test.Server, bucket, key string) []byte {
	t.Helper()
	out, err := srv.Client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirNode is a root node for tree tr's root directory.
func dirNode(tr *storetest.Tree) *castorev1.Node {
	return &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Digest: tr.RootD[:], Size: store.DirectorySize(tr.Root)}}}
}
