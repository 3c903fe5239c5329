package node_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/s3store/s3test"
	"github.com/p2pnix/tvix/store/storetest"
)

// TestDurableStoreOverNodeProcess: a node with --durable-store (and a
// capacity for its local cache) writes a path to the bucket before its Put
// returns; after the node is killed, a new node with an empty data
// directory pointed at the bucket serves it.
func TestDurableStoreOverNodeProcess(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	env := []string{"AWS_ACCESS_KEY_ID=" + srv.AccessKey, "AWS_SECRET_ACCESS_KEY=" + srv.SecretKey,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	durable := "s3://" + bucket + "?endpoint=" + srv.Endpoint + "&region=us-east-1"
	bin := buildNode(t)
	a := nodetest.StartLoopback(t, bin, t.TempDir(), env, "--durable-store", durable, "--store-capacity", "1GiB")
	tr, info := storetest.PutTreePath(t, openURL(t, "grpc+http://"+a.Addr), storetest.NewRand(t))
	h, err := store.ValidatePathInfo(info)
	if err != nil {
		t.Fatal(err)
	}
	if keys := srv.Keys(t, bucket, "pathinfos/"); len(keys) != 1 {
		t.Fatalf("PathInfos in the bucket after Put: %v", keys)
	}
	a.Kill()

	b := nodetest.StartLoopback(t, bin, t.TempDir(), env, "--durable-store", durable)
	client := openURL(t, "grpc+http://"+b.Addr)
	got, err := client.PathInfos.Get(t.Context(), h)
	if err != nil {
		t.Fatalf("new node: %v", err)
	}
	if len(got.GetNarinfo().GetSignatures()) == 0 {
		t.Error("the PathInfo in the bucket is not signed")
	}
	rc, err := client.Blobs.Open(t.Context(), store.DigestOf(tr.FileContent2))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(data, tr.FileContent2) {
		t.Fatalf("new node: read %d bytes, %v", len(data), err)
	}
}
