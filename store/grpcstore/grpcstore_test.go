package grpcstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/localstore"
	"github.com/p2pnix/tvix/store/storetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// serve serves the services on 127.0.0.1 and returns a client connection.
func serve(t testing.TB, register func(*grpc.Server)) *grpc.ClientConn {
	t.Helper()
	_, conn := serveServer(t, register)
	return conn
}

// serveServer is serve, also returning the server so a test can stop it.
func serveServer(t testing.TB, register func(*grpc.Server)) (*grpc.Server, *grpc.ClientConn) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpcstore.ServerOptions()...)
	register(srv)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	opts := append(grpcstore.DialOptions(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	conn, err := grpc.NewClient(lis.Addr().String(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return srv, conn
}

// TestInProcessLocal runs the conformance suite through the gRPC client
// and server adapters against a local store in this process.
func TestInProcessLocal(t *testing.T) {
	dir := t.TempDir()
	backend, err := localstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { backend.Close() })
	conn := serve(t, func(s *grpc.Server) { grpcstore.Register(s, backend, nil) })
	client := grpcstore.NewStore(conn)
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) *store.Store { return client },
		Corrupt: func(t *testing.T, _ *store.Store, _ store.Digest, content []byte) {
			if n, err := localstore.CorruptChunk(dir, content); err != nil || n == 0 {
				t.Fatalf("corrupt chunk: changed %d copies, err %v", n, err)
			}
		},
		ReadsVerified: true,
	})
}

// liar serves st, changing what it answers as configured.
type lyingBlobs struct {
	store.BlobService
	flip    bool // flip a byte of everything read
	putLies bool // answer Put with another digest
}

func (l *lyingBlobs) Open(ctx context.Context, d store.Digest) (io.ReadCloser, error) {
	rc, err := l.BlobService.Open(ctx, d)
	if err != nil || !l.flip {
		return rc, err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, err
	}
	if len(b) > 0 {
		b[len(b)-1] ^= 1
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (l *lyingBlobs) Put(ctx context.Context, r io.Reader) (store.Digest, uint64, error) {
	d, n, err := l.BlobService.Put(ctx, r)
	if l.putLies {
		d[0] ^= 1
	}
	return d, n, err
}

type lyingDirs struct {
	store.DirectoryService
	other *castorev1.Directory // returned for every Get, sent extra in GetRecursive
}

func (l *lyingDirs) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	return l.other, nil
}

func (l *lyingDirs) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	err := l.DirectoryService.GetRecursive(ctx, root, fn)
	if err != nil {
		return err
	}
	return fn(store.Digest{}, l.other)
}

type lyingInfos struct {
	store.PathInfoService
	other *storev1.PathInfo
}

func (l *lyingInfos) Get(ctx context.Context, h [20]byte) (*storev1.PathInfo, error) {
	return l.other, nil
}

func TestLyingServerDetected(t *testing.T) {
	ctx := t.Context()
	real := store.NewMemoryStore()
	r := storetest.NewRand(t)
	small, large := storetest.RandomBytes(r, 1000), storetest.RandomBytes(r, 3<<20)
	var digests []store.Digest
	for _, b := range [][]byte{small, large} {
		d, _, err := real.Blobs.Put(ctx, bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		digests = append(digests, d)
	}
	tree := storetest.MakeTree(t, real, r)
	if _, err := storetest.PutDirectories(ctx, real, tree.Leaf, tree.Mid, tree.Root); err != nil {
		t.Fatal(err)
	}
	otherInfo, _ := storetest.MakePathInfo(r, "other", &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("x")}}})

	blobs := &lyingBlobs{BlobService: real.Blobs, flip: true}
	conn := serve(t, func(s *grpc.Server) {
		castorev1.RegisterBlobServiceServer(s, grpcstore.NewBlobServer(blobs))
		castorev1.RegisterDirectoryServiceServer(s, grpcstore.NewDirectoryServer(&lyingDirs{real.Directories, tree.Leaf}))
		storev1.RegisterPathInfoServiceServer(s, grpcstore.NewPathInfoServer(&lyingInfos{real.PathInfos, otherInfo}, nil))
	})
	client := grpcstore.NewStore(conn)

	for _, d := range digests {
		rc, err := client.Blobs.Open(ctx, d)
		if err == nil {
			_, err = io.ReadAll(rc)
			rc.Close()
		}
		if !errors.Is(err, store.ErrCorrupt) || store.RejectedBytes(err) <= 0 {
			t.Errorf("reading blob %v from a server that flips bytes: %v (%d bytes rejected), want ErrCorrupt and its size", d, err, store.RejectedBytes(err))
		}
	}
	blobs.flip, blobs.putLies = false, true
	if _, _, err := client.Blobs.Put(ctx, bytes.NewReader(small)); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("put to a server answering another digest: %v, want ErrCorrupt", err)
	}
	if _, err := client.Directories.Get(ctx, tree.RootD); !errors.Is(err, store.ErrCorrupt) || store.RejectedBytes(err) <= 0 {
		t.Errorf("directory Get answered with another directory: %v (%d bytes rejected), want ErrCorrupt and its size", err, store.RejectedBytes(err))
	}
	err := client.Directories.GetRecursive(ctx, tree.RootD, func(store.Digest, *castorev1.Directory) error { return nil })
	if !errors.Is(err, store.ErrCorrupt) {
		// The extra directory is the leaf, already sent: a duplicate.
		t.Errorf("recursive Get with an extra directory: %v, want ErrCorrupt", err)
	}
	_, h := storetest.StorePathName(r, "wanted")
	if _, err := client.PathInfos.Get(ctx, h); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("path info Get answered with another path: %v, want ErrCorrupt", err)
	}
}

func TestErrorsCrossTheWire(t *testing.T) {
	ctx := t.Context()
	conn := serve(t, func(s *grpc.Server) { grpcstore.Register(s, store.NewMemoryStore(), nil) })
	client := grpcstore.NewStore(conn)

	_, err := client.Directories.Get(ctx, store.Digest{1})
	if !errors.Is(err, store.ErrNotFound) || status.Code(err) != codes.NotFound {
		t.Errorf("missing directory: %v (code %v), want ErrNotFound and codes.NotFound", err, status.Code(err))
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}

	raw := castorev1.NewBlobServiceClient(conn)
	_, err = raw.Stat(ctx, &castorev1.StatBlobRequest{Digest: make([]byte, 31)})
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "31 bytes") {
		t.Errorf("stat with a 31-byte digest: %v, want InvalidArgument naming the length", err)
	}
	_, err = storev1.NewPathInfoServiceClient(conn).Get(ctx, &storev1.GetPathInfoRequest{ByWhat: &storev1.GetPathInfoRequest_ByOutputHash{ByOutputHash: make([]byte, 32)}})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("path info Get with a 32-byte hash: %v, want InvalidArgument", err)
	}
	_, err = storev1.NewPathInfoServiceClient(conn).CalculateNAR(ctx, &castorev1.Node{})
	if status.Code(err) != codes.Unimplemented {
		t.Errorf("CalculateNAR without a calculator: %v, want Unimplemented", err)
	}
}

// bigDirectory returns a valid directory whose encoding exceeds the limit.
func bigDirectory() *castorev1.Directory {
	dir := &castorev1.Directory{}
	d := make([]byte, 32)
	for i := 0; i < 100000; i++ {
		dir.Files = append(dir.Files, &castorev1.FileNode{Name: []byte(fmt.Sprintf("file-%08d", i)), Digest: d, Size: 1})
	}
	return dir
}

func TestOversizedMessagesRejected(t *testing.T) {
	ctx := t.Context()
	conn := serve(t, func(s *grpc.Server) { grpcstore.Register(s, store.NewMemoryStore(), nil) })
	client := grpcstore.NewStore(conn)
	big := bigDirectory()

	_, err := storetest.PutDirectories(ctx, client, big)
	if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), "exceeds") {
		t.Errorf("client putting an oversized directory: %v, want ErrInvalid saying it exceeds the limit", err)
	}

	// A PathInfo too large to send fails on the client with a clear error.
	r := storetest.NewRand(t)
	info, _ := storetest.MakePathInfo(r, "huge", &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("x")}}})
	info.References, info.Narinfo.ReferenceNames = nil, nil
	for i := 0; i < 70000; i++ {
		name, h := storetest.StorePathName(r, "dependency")
		info.References = append(info.References, h[:])
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, name)
	}
	_, err = client.PathInfos.Put(ctx, info)
	if status.Code(err) != codes.ResourceExhausted || !strings.Contains(err.Error(), "message too large") {
		t.Errorf("putting a 5 MB path info: %v, want ResourceExhausted saying the message is too large", err)
	}

	// A client without our checks gets ResourceExhausted from the server.
	conn2, err := grpc.NewClient(conn.Target(), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(64<<20)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	stream, err := castorev1.NewDirectoryServiceClient(conn2).Put(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stream.Send(big)
	_, err = stream.CloseAndRecv()
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("server receiving an oversized directory: %v, want ResourceExhausted", err)
	}
}
