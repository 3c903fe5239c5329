package grpcstore_test

import (
	"errors"
	"testing"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/grpcstore"
	"github.com/p2pnix/tvix/store/storetest"
	"google.golang.org/grpc"
)

// scriptedDirs answers every Get with a fixed sequence of directories.
type scriptedDirs struct {
	castorev1.UnimplementedDirectoryServiceServer
	send []*castorev1.Directory
}

func (s *scriptedDirs) Get(_ *castorev1.GetDirectoryRequest, stream grpc.ServerStreamingServer[castorev1.Directory]) error {
	for _, d := range s.send {
		if err := stream.Send(d); err != nil {
			return err
		}
	}
	return nil
}

// TestRecursiveGetChecksTheClosure feeds the client recursive listings
// that break the protocol's promises.
func TestRecursiveGetChecksTheClosure(t *testing.T) {
	tr := storetest.MakeTree(t, store.NewMemoryStore(), storetest.NewRand(t))
	cases := map[string]struct {
		send []*castorev1.Directory
		ok   bool
	}{
		"complete":         {[]*castorev1.Directory{tr.Root, tr.Mid, tr.Leaf}, true},
		"empty":            {nil, false},
		"child first":      {[]*castorev1.Directory{tr.Leaf, tr.Root, tr.Mid}, false},
		"child omitted":    {[]*castorev1.Directory{tr.Root, tr.Mid}, false},
		"duplicate":        {[]*castorev1.Directory{tr.Root, tr.Mid, tr.Leaf, tr.Leaf}, false},
		"unrelated extra":  {[]*castorev1.Directory{tr.Root, tr.Mid, tr.Leaf, {}}, false},
		"root only at end": {[]*castorev1.Directory{tr.Mid, tr.Leaf, tr.Root}, false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			conn := serve(t, func(s *grpc.Server) {
				castorev1.RegisterDirectoryServiceServer(s, &scriptedDirs{send: c.send})
			})
			var got int
			err := grpcstore.NewDirectoryService(conn).GetRecursive(t.Context(), tr.RootD, func(store.Digest, *castorev1.Directory) error {
				got++
				return nil
			})
			switch {
			case c.ok && (err != nil || got != 3):
				t.Fatalf("got %d directories, err %v; want 3 and no error", got, err)
			case !c.ok && !errors.Is(err, store.ErrCorrupt):
				t.Fatalf("err %v, want ErrCorrupt", err)
			}
		})
	}
}
