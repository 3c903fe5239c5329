package upstream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
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
	path := f.dir.Absolute(p.StorePath)
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s from %s: %s", ErrRefused, path, c, fmt.Sprintf(format, args...))
	}
	if p.StorePath.Hash != h {
		return nil, fail("the narinfo %s describes another path", name)
	}
	if err := f.checkSignature(p); err != nil {
		return nil, fail("%v", err)
	}
	body, err := c.open(ctx, p.File.URL)
	if errors.Is(err, errMissing) {
		return nil, fail("its NAR %s is missing", p.File.URL)
	} else if err != nil {
		return nil, fmt.Errorf("%s from %s: NAR %s: %w", path, c, p.File.URL, err)
	}
	defer body.Close()
	ni := p.Info.GetNarinfo()
	fileHash := sha256.New()
	in := &countio.Reader{R: io.TeeReader(body, fileHash)}
	dec, err := Decompress(p.File.Compression, in, Bounds{MaxSize: ni.GetNarSize(), MaxRatio: f.maxRatio})
	if err != nil {
		return nil, fail("%v", err)
	}
	node, size, sum, err := nar.Ingest(ctx, dec, c.String()+"/"+p.File.URL, f.blobs, f.dirs, p.StorePath.Base())
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fail("%v", err)
	}
	if size != ni.GetNarSize() || !bytes.Equal(sum[:], ni.GetNarSha256()) {
		return nil, fail("NAR hash mismatch: the narinfo says sha256:%s (%d bytes), the NAR is sha256:%s (%d bytes)",
			nixbase32.EncodeToString(ni.GetNarSha256()), ni.GetNarSize(), nixbase32.EncodeToString(sum[:]), size)
	}
	if err := checkFile(p, in, fileHash); err != nil {
		return nil, fail("%v", err)
	}
	p.SetNode(node)
	return p.Info, nil
}

// checkSignature verifies p against the trusted keys. The fingerprint
// needs the root node's name; a placeholder node carries it.
func (f *fetcher) checkSignature(p *narinfo.Parsed) error {
	p.SetNode(&castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("x")}}})
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
// with the narinfo's FileSize and FileHash.
func checkFile(p *narinfo.Parsed, in *countio.Reader, h hash.Hash) error {
	if _, err := io.Copy(io.Discard, in); err != nil {
		return err
	}
	if p.File.FileSize != 0 && p.File.FileSize != uint64(in.N) {
		return fmt.Errorf("FileSize %d, the file has %d bytes", p.File.FileSize, in.N)
	}
	if p.File.FileHash != nil && !bytes.Equal(p.File.FileHash, h.Sum(nil)) {
		return errors.New("FileHash does not match the file")
	}
	return nil
}
