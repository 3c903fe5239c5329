package nixdaemon

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
)

// opAddToStoreNar reads one path's info and its NAR (in frames), stores
// the NAR's content and then registers the path. A path already valid is
// left as it is.
func opAddToStoreNar(ctx context.Context, c *conn) (reply, error) {
	d := c.dec
	vi := &validPathInfo{Path: d.str("path")}
	readUnkeyedPathInfo(d, vi)
	d.bool("repair")
	d.bool("dontCheckSigs")
	if d.err != nil {
		return nil, d.err
	}
	if !c.version.AtLeast(23) {
		return nil, fmt.Errorf("%w: AddToStoreNar without frames (protocol %v)", ErrMalformed, c.version)
	}
	fr := &framedReader{r: c.in}
	br := bufio.NewReaderSize(fr, 256<<10)
	info, err := c.ingest(ctx, br, vi)
	if err == nil {
		err = expectEnd(br)
	}
	if derr := fr.drain(); derr != nil {
		return nil, derr
	}
	if err != nil {
		return nil, err
	}
	if info != nil {
		if _, err := c.srv.cfg.Store.PathInfos.Put(ctx, info); err != nil {
			return nil, fmt.Errorf("registering '%s': %w", vi.Path, err)
		}
	}
	return nil, nil
}

// opAddMultipleToStore reads, in frames, a count and that many pairs of
// path info and NAR. The paths are registered together once every NAR has
// been stored, all or none where the store can.
func opAddMultipleToStore(ctx context.Context, c *conn) (reply, error) {
	d := c.dec
	d.bool("repair")
	d.bool("dontCheckSigs")
	if d.err != nil {
		return nil, d.err
	}
	fr := &framedReader{r: c.in}
	br := bufio.NewReaderSize(fr, 256<<10)
	infos, err := c.ingestMany(ctx, br)
	if err == nil {
		err = expectEnd(br)
	}
	if derr := fr.drain(); derr != nil {
		return nil, derr
	}
	if err != nil {
		return nil, err
	}
	if len(infos) > 0 {
		if _, err := store.PutPathInfos(ctx, c.srv.cfg.Store.PathInfos, infos); err != nil {
			return nil, fmt.Errorf("registering %d paths: %w", len(infos), err)
		}
	}
	return nil, nil
}

func (c *conn) ingestMany(ctx context.Context, br *bufio.Reader) ([]*storev1.PathInfo, error) {
	// The framed stream is decoded with its own decoder, so that an error
	// in it does not stick to the connection's.
	d := &decoder{r: &countio.Reader{R: br}}
	n := d.count("path count")
	if d.err != nil {
		return nil, d.err
	}
	var infos []*storev1.PathInfo
	for i := 0; i < n; i++ {
		vi := &validPathInfo{Path: d.str("path")}
		readUnkeyedPathInfo(d, vi)
		if d.err != nil {
			return nil, d.err
		}
		info, err := c.ingest(ctx, br, vi)
		if err != nil {
			return nil, err
		}
		if info != nil {
			infos = append(infos, info)
		}
	}
	return infos, nil
}

// ingest reads the NAR of vi from br, stores its content and returns the
// PathInfo to register, or nil if the path is valid already (its NAR is
// read and checked, not stored).
func (c *conn) ingest(ctx context.Context, br *bufio.Reader, vi *validPathInfo) (*storev1.PathInfo, error) {
	st := c.srv.cfg.Store
	info, sp, want, err := toPathInfo(c.srv.cfg.StoreDir, vi)
	if err != nil {
		return nil, err
	}
	old, err := c.lookupPath(ctx, sp)
	if err != nil {
		return nil, err
	}
	input := "NAR of " + vi.Path
	if old != nil {
		if _, _, err := nar.ValidateFrom(br, input, 0); err != nil {
			return nil, err
		}
		return nil, nil
	}
	node, size, got, err := nar.IngestFrom(ctx, br, input, 0, st.Blobs, st.Directories, sp.Base())
	if err != nil {
		return nil, err
	}
	if size != vi.NarSize || !bytes.Equal(got[:], want[:]) {
		return nil, fmt.Errorf("hash mismatch importing path '%s';\n  specified: sha256:%s (%d bytes)\n  got:       sha256:%s (%d bytes)",
			vi.Path, nixbase32.EncodeToString(want[:]), vi.NarSize, nixbase32.EncodeToString(got[:]), size)
	}
	info.Node = node
	return info, nil
}

// expectEnd checks that nothing follows the data in a framed stream.
func expectEnd(br *bufio.Reader) error {
	if _, err := br.Peek(1); err == nil {
		return errors.New("unexpected data after the NAR")
	}
	return nil
}
