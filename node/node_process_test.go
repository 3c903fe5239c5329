package node_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/storetest"
	"github.com/p2pnix/tvix/store/storeurl"
)

func TestMain(m *testing.M) { nodetest.Main(m) }

// buildNode builds cmd/tvix-node once per test binary.
func buildNode(t testing.TB) string {
	t.Helper()
	return nodetest.Build(t, nodetest.NodePackage, nodetest.BinDir(t))
}

// startNode starts bin on 127.0.0.1 with a free port and waits until it
// says it is serving.
func startNode(t testing.TB, bin, dataDir string) *nodetest.Proc {
	t.Helper()
	return nodetest.StartLoopback(t, bin, dataDir, nil)
}

func openURL(t testing.TB, url string) *store.Store {
	t.Helper()
	st, err := storeurl.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestConformanceOverNodeProcess runs the store conformance suite through
// the gRPC client against a real tvix-node on loopback.
func TestConformanceOverNodeProcess(t *testing.T) {
	p := startNode(t, buildNode(t), t.TempDir())
	client := openURL(t, "grpc+http://"+p.Addr)
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store { return client },
		Corrupt: func(t *testing.T, _ *store.Store, _ store.Digest, content []byte) {
			// The node stages the tail of its current pack in memory until
			// a commit; a directory upload's Close commits, which puts
			// every chunk in a pack file, where a disk can corrupt it.
			up := client.Directories.NewPutter(t.Context())
			if _, err := up.Put(&castorev1.Directory{}); err != nil {
				t.Fatal(err)
			}
			if _, err := up.Close(); err != nil {
				t.Fatal(err)
			}
			if n, err := localstore.CorruptChunk(tvixhome.Dir(p.DataDir).Store(), content); err != nil || n == 0 {
				t.Fatalf("corrupt chunk: changed %d copies, err %v", n, err)
			}
		},
		ReadsVerified: true,
	})
}

// TestNodeSocketCalculateNARAndShutdown puts a tree through the unix
// socket, asks the node for its NAR hash, stops the node with SIGTERM and
// checks that everything is durable and verifies clean.
func TestNodeSocketCalculateNARAndShutdown(t *testing.T) {
	ctx := t.Context()
	dataDir := t.TempDir()
	p := startNode(t, buildNode(t), dataDir)
	client := openURL(t, "grpc+unix:"+filepath.Join(dataDir, "tvix.sock"))

	r := storetest.NewRand(t)
	tree := storetest.MakeTree(t, client, r)
	if _, err := storetest.PutDirectories(ctx, client, tree.Leaf, tree.Mid, tree.Root); err != nil {
		t.Fatal(err)
	}
	node := &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Name: []byte("x"), Digest: tree.RootD[:], Size: store.DirectorySize(tree.Root)}}}
	size, sum, err := client.PathInfos.(*grpcstore.PathInfoClient).CalculateNAR(ctx, node)
	if err != nil {
		t.Fatal(err)
	}
	info, h := storetest.MakePathInfo(r, "tree", node)
	info.Narinfo.NarSize, info.Narinfo.NarSha256 = size, sum[:]
	if _, err := client.PathInfos.Put(ctx, info); err != nil {
		t.Fatal(err)
	}
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "tvix.sock")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left behind after shutdown: %v", err)
	}

	local := openURL(t, "local:"+tvixhome.Dir(dataDir).Store())
	wantSize, wantSum, err := nar.Calculate(ctx, local.Blobs, local.Directories, node)
	if err != nil {
		t.Fatal(err)
	}
	if wantSize != size || wantSum != sum {
		t.Errorf("node's CalculateNAR = %d %x, local nar.Calculate = %d %x", size, sum, wantSize, wantSum)
	}
	got, err := local.PathInfos.Get(ctx, h)
	if err != nil {
		t.Fatalf("path info put through the node is gone after shutdown: %v", err)
	}
	if !bytes.Equal(got.Narinfo.NarSha256, sum[:]) {
		t.Errorf("stored NAR sha256 %x, want %x", got.Narinfo.NarSha256, sum)
	}
	var problems []error
	stats, err := store.VerifyAll(ctx, local, func(e error) { problems = append(problems, e) })
	if err != nil || len(problems) > 0 || stats.PathInfos != 1 || stats.Directories != 3 {
		t.Errorf("VerifyAll after shutdown: %+v, err %v, problems %v", stats, err, problems)
	}
	rc, err := local.Blobs.Open(ctx, store.DigestOf(tree.FileContent2))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); !bytes.Equal(b, tree.FileContent2) {
		t.Errorf("blob read back from the node's store differs")
	}
}

// TestSecondNodeOnSameDataDirFails checks that a node whose store is in use
// exits non-zero with a one-line reason.
func TestSecondNodeOnSameDataDirFails(t *testing.T) {
	bin := buildNode(t)
	dataDir := t.TempDir()
	startNode(t, bin, dataDir)
	ctx, cancel := context.WithTimeout(t.Context(), nodetest.Timeout)
	defer cancel()
	staged := filepath.Join(tvixhome.Dir(dataDir).Uploads(), "x.nar")
	if err := os.WriteFile(staged, []byte("an upload in progress"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(ctx, bin, "--data-dir", dataDir, "--api-listen", "127.0.0.1:0", "--no-mdns").CombinedOutput()
	if _, serr := os.Stat(staged); serr != nil {
		t.Errorf("the refused second node touched the first one's uploads: %v", serr)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("second node: %v, want exit status 1\n%s", err, out)
	}
	msg := strings.TrimSpace(string(out))
	if !strings.Contains(msg, "in use by another process") || strings.Contains(msg, "\n") {
		t.Errorf("second node said %q, want one line saying the store is in use", msg)
	}
}

func TestBadFlagsFail(t *testing.T) {
	bin := buildNode(t)
	for _, args := range [][]string{
		{"--data-dir", t.TempDir(), "--store", "ftp://x"},
		{"--data-dir", t.TempDir(), "--api-listen", "127.0.0.1:notaport"},
		{"--data-dir", t.TempDir(), "extra"},
	} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err == nil {
			t.Errorf("%v: succeeded", args)
			continue
		}
		if msg := strings.TrimSpace(string(out)); msg == "" || strings.Count(msg, "\n") > 0 {
			t.Errorf("%v: output %q, want one line", args, msg)
		}
	}
}
