package upstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"google.golang.org/protobuf/proto"
)

// maxNARInfoSize bounds a narinfo file.
const maxNARInfoSize = 1 << 20

// ErrRefused is wrapped by the error of a path an upstream has but that
// fails a check: unsigned, a bad signature, a NAR that is not the signed
// one. Nothing of it is registered.
var ErrRefused = errors.New("refused")

// fetcher fetches paths from caches into a castore.
type fetcher struct {
	dir      nixpath.StoreDir
	trusted  []nixsig.PublicKey
	blobs    store.BlobService
	dirs     store.DirectoryService
	maxRatio uint64
}

// fetch returns the PathInfo of the path with hash part h from c, its
// content ingested into f's castore; errMissing if c lacks it. Every
// other error is one line naming the path and c.
func (f *fetcher) fetch(ctx context.Context, c cache, h [store.StorePathHashSize]byte) (*storev1.PathInfo, error) {
	o, err := f.open(ctx, c, h)
	if err != nil {
		return nil, err
	}
	return f.ingest(ctx, o, nil)
}

// opened is a path's narinfo from a cache, its signature checked, and
// its NAR file opened.
type opened struct {
	c    cache
	p    *narinfo.Parsed
	body io.ReadCloser
}

// info is the PathInfo o's narinfo describes, its root node a
// placeholder that names the path.
func (o *opened) info() *storev1.PathInfo {
	info := proto.Clone(o.p.Info).(*storev1.PathInfo)
	info.Node = placeholderNode(o.p.StorePath.Base())
	return info
}

// fail is a refusal of o's path.
func (o *opened) fail(dir nixpath.StoreDir, format string, args ...any) error {
	return fmt.Errorf("%w: %s from %s: %s", ErrRefused, dir.Absolute(o.p.StorePath), o.c, fmt.Sprintf(format, args...))
}

// open fetches and checks the narinfo of the path with hash part h from
// c and opens its NAR; errMissing if c lacks the path. The caller
// ingests or closes the NAR.
func (f *fetcher) open(ctx context.Context, c cache, h [store.StorePathHashSize]byte) (*opened, error) {
	hashPart := nixbase32.EncodeToString(h[:])
	name := hashPart + ".narinfo"
	r, err := c.open(ctx, name)
	if err != nil {
		if errors.Is(err, errMissing) {
			return nil, err
		}
		return nil, fmt.Errorf("%s/%s: %w", c, name, err)
	}
	p, err := narinfo.Parse(f.dir, io.LimitReader(r, maxNARInfoSize), c.String()+"/"+name)
	r.Close()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRefused, err)
	}
	o := &opened{c: c, p: p}
	if p.StorePath.Hash != h {
		return nil, o.fail(f.dir, "the narinfo %s describes another path", name)
	}
	if err := f.checkSignature(p); err != nil {
		return nil, o.fail(f.dir, "%v", err)
	}
	o.body, err = c.open(ctx, p.File.URL)
	if errors.Is(err, errMissing) {
		return nil, o.fail(f.dir, "its NAR %s is missing", p.File.URL)
	} else if err != nil {
		return nil, fmt.Errorf("%s from %s: NAR %s: %w", f.dir.Absolute(p.StorePath), c, p.File.URL, err)
	}
	return o, nil
}

// ingest reads o's NAR into f's castore, writing the decompressed bytes
// to tee too (if not nil), and returns the path's PathInfo once the NAR
// is the signed one. The download, decompression and tee run ahead on a
// goroutine of their own. It closes o's NAR.
func (f *fetcher) ingest(ctx context.Context, o *opened, tee io.Writer) (*storev1.PathInfo, error) {
	defer o.body.Close()
	p := o.p
	ni := p.Info.GetNarinfo()
	in := &countio.Reader{R: o.body}
	dec, err := Decompress(p.File.Compression, in, Bounds{MaxSize: ni.GetNarSize(), MaxRatio: f.maxRatio})
	if err != nil {
		return nil, o.fail(f.dir, "%v", err)
	}
	if tee != nil {
		dec = io.TeeReader(dec, tee)
	}
	ra := newReadAhead(dec)
	node, size, sum, err := nar.Ingest(ctx, ra, o.c.String()+"/"+p.File.URL, f.blobs, f.dirs, p.StorePath.Base())
	if err != nil {
		ra.stop(func() { o.body.Close() })
	} else {
		ra.stop(nil) // at the end of the NAR
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, o.fail(f.dir, "%v", err)
	}
	if size != ni.GetNarSize() || !bytes.Equal(sum[:], ni.GetNarSha256()) {
		return nil, o.fail(f.dir, "NAR hash mismatch: the narinfo says sha256:%s (%d bytes), the NAR is sha256:%s (%d bytes)",
			nixbase32.EncodeToString(ni.GetNarSha256()), ni.GetNarSize(), nixbase32.EncodeToString(sum[:]), size)
	}
	if err := checkFile(p, in); err != nil {
		return nil, o.fail(f.dir, "%v", err)
	}
	p.SetNode(node)
	return p.Info, nil
}

func placeholderNode(name string) *castorev1.Node {
	return &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Name: []byte(name), Target: []byte("x")}}}
}

// checkSignature verifies p against the trusted keys. The fingerprint
// needs the root node's name; a placeholder node carries it.
func (f *fetcher) checkSignature(p *narinfo.Parsed) error {
	p.SetNode(placeholderNode(""))
	defer func() { p.Info.Node = nil }()
	if len(p.Info.GetNarinfo().GetSignatures()) == 0 {
		return errors.New("no signature")
	}
	good, err := nixsig.Verify(f.dir, f.trusted, p.Info)
	if err != nil {
		return err
	}
	if good == 0 {
		return errors.New("no valid signature by a trusted key")
	}
	return nil
}

// checkFile compares the compressed file read (whose rest is drained)
// with the narinfo's FileSize. Its FileHash, which no signature covers,
// is not checked (nor does Nix): the NAR hash is, and hashing the file
// too would cost as much again.
func checkFile(p *narinfo.Parsed, in *countio.Reader) error {
	if _, err := io.Copy(io.Discard, in); err != nil {
		return err
	}
	if p.File.FileSize != 0 && p.File.FileSize != uint64(in.N) {
		return fmt.Errorf("FileSize %d, the file has %d bytes", p.File.FileSize, in.N)
	}
	return nil
}
