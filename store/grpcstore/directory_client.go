package grpcstore

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

var _ store.DirectoryService = (*directoryClient)(nil)

// directoryClient is a store.DirectoryService over gRPC.
type directoryClient struct {
	c castorev1.DirectoryServiceClient
}

// NewDirectoryService returns a DirectoryService that talks to the
// DirectoryService served on conn and verifies everything it receives.
func NewDirectoryService(conn grpc.ClientConnInterface) store.DirectoryService {
	return &directoryClient{c: castorev1.NewDirectoryServiceClient(conn)}
}

// checkReceived verifies that a received directory has digest want and is
// valid.
func checkReceived(dir *castorev1.Directory, want store.Digest) error {
	got, err := store.DirectoryDigest(dir)
	if err != nil {
		return err
	}
	if got != want {
		return rejected(dir, fmt.Errorf("%w: directory %v: received a directory with digest %v", store.ErrCorrupt, want, got))
	}
	return checkValid(dir, want)
}

func checkValid(dir *castorev1.Directory, d store.Digest) error {
	if err := store.ValidateDirectory(dir); err != nil {
		return rejected(dir, fmt.Errorf("%w: directory %v: %v", store.ErrCorrupt, d, err))
	}
	return nil
}

// rejected is err, the refusal of dir, with dir's size.
func rejected(dir *castorev1.Directory, err error) error {
	return store.Rejected(int64(proto.Size(dir)), err)
}

func (c *directoryClient) Get(ctx context.Context, d store.Digest) (*castorev1.Directory, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.c.Get(ctx, &castorev1.GetDirectoryRequest{ByWhat: &castorev1.GetDirectoryRequest_Digest{Digest: d[:]}})
	if err != nil {
		return nil, fmt.Errorf("get directory %v: %w", d, fromStatus(err))
	}
	dir, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: get directory %v: empty response", store.ErrCorrupt, d)
	}
	if err != nil {
		return nil, fmt.Errorf("get directory %v: %w", d, fromStatus(err))
	}
	if err := checkReceived(dir, d); err != nil {
		return nil, err
	}
	return dir, nil
}

// GetRecursive accepts only what the protocol promises: the root first,
// then each directory after one that refers to it, none twice, until every
// referenced directory has come.
func (c *directoryClient) GetRecursive(ctx context.Context, root store.Digest, fn func(store.Digest, *castorev1.Directory) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.c.Get(ctx, &castorev1.GetDirectoryRequest{ByWhat: &castorev1.GetDirectoryRequest_Digest{Digest: root[:]}, Recursive: true})
	if err != nil {
		return fmt.Errorf("get directory %v: %w", root, fromStatus(err))
	}
	expected := map[store.Digest]bool{root: true} // referenced, not yet received
	received := map[store.Digest]bool{}
	for first := true; ; first = false {
		dir, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if first {
				return fmt.Errorf("%w: get directory %v: empty response", store.ErrCorrupt, root)
			}
			break
		}
		if err != nil {
			return fmt.Errorf("get directory %v: %w", root, fromStatus(err))
		}
		d, err := store.DirectoryDigest(dir)
		if err != nil {
			return err
		}
		if first && d != root {
			return rejected(dir, fmt.Errorf("%w: get directory %v: first directory received has digest %v", store.ErrCorrupt, root, d))
		}
		if !expected[d] {
			return rejected(dir, fmt.Errorf("%w: get directory %v: received directory %v that nothing before referred to", store.ErrCorrupt, root, d))
		}
		if err := checkValid(dir, d); err != nil {
			return err
		}
		delete(expected, d)
		received[d] = true
		for _, child := range dir.Directories {
			cd := store.Digest(child.Digest)
			if !received[cd] {
				expected[cd] = true
			}
		}
		if err := fn(d, dir); err != nil {
			return err
		}
	}
	for d := range expected {
		return fmt.Errorf("%w: get directory %v: server did not send referenced directory %v", store.ErrCorrupt, root, d)
	}
	return nil
}

func (c *directoryClient) NewPutter(ctx context.Context) store.DirectoryPutter {
	ctx, cancel := context.WithCancel(ctx)
	p := &directoryPutter{ctx: ctx, cancel: cancel, c: c}
	p.closure.StoredSize = store.StoredDirectorySize(ctx, c)
	return p
}

// directoryPutter validates locally (for clear errors before anything is
// sent) and streams each directory as it is put.
type directoryPutter struct {
	ctx     context.Context
	cancel  context.CancelFunc
	c       *directoryClient
	closure store.DirectoryClosure
	stream  grpc.ClientStreamingClient[castorev1.Directory, castorev1.PutDirectoryResponse]
	sendErr bool // the server ended the call early; Close reports why
	closed  bool
}

func (p *directoryPutter) Put(dir *castorev1.Directory) (store.Digest, error) {
	if p.closed {
		return store.Digest{}, fmt.Errorf("directory putter: put after close")
	}
	if size := proto.Size(dir); size > MaxMessageSize {
		return store.Digest{}, fmt.Errorf("%w directory: message of %d bytes exceeds the %d-byte gRPC limit", store.ErrInvalid, size, MaxMessageSize)
	}
	d, err := p.closure.Add(dir)
	if err != nil {
		return d, err
	}
	if p.stream == nil {
		p.stream, err = p.c.c.Put(p.ctx)
		if err != nil {
			return store.Digest{}, fmt.Errorf("put directories: %w", fromStatus(err))
		}
	}
	if !p.sendErr {
		if err := p.stream.Send(dir); errors.Is(err, io.EOF) {
			p.sendErr = true
		} else if err != nil {
			return store.Digest{}, fmt.Errorf("put directories: %w", fromStatus(err))
		}
	}
	return d, nil
}

func (p *directoryPutter) Close() (store.Digest, error) {
	if p.closed {
		return store.Digest{}, fmt.Errorf("directory putter: closed twice")
	}
	p.closed = true
	defer p.cancel()
	root, _, err := p.closure.Finish()
	if err != nil {
		return store.Digest{}, err
	}
	resp, err := p.stream.CloseAndRecv()
	if err != nil {
		return store.Digest{}, fmt.Errorf("put directories: %w", fromStatus(err))
	}
	if got, err := store.DigestFromBytes(resp.RootDigest); err != nil || got != root {
		return store.Digest{}, fmt.Errorf("%w: put directories: server answered root %x, want %v", store.ErrCorrupt, resp.RootDigest, root)
	}
	return root, nil
}
