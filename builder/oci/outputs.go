package oci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/refscan"
)

// ingestOutputs stores every output the command left under root and
// scans it for the request's needles.
func ingestOutputs(ctx context.Context, blobs store.BlobService, dirs store.DirectoryService, root string, req *buildv1.BuildRequest, sp *buildprof.Span) (*buildv1.Build, error) {
	result := &buildv1.Build{BuildRequest: req}
	for _, out := range req.Outputs {
		p := filepath.Join(root, out)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return nil, builder.Failed(builder.MissingOutput, "failed to produce output path '/%s'", out)
		}
		sp.Next("ingest outputs")
		node, size, sum, err := nar.ImportTree(ctx, blobs, dirs, p)
		if err != nil {
			return nil, fmt.Errorf("ingesting output /%s: %w", out, err)
		}
		sp.Next("reference scan")
		found, err := scanNeedles(p, req.RefscanNeedles)
		if err != nil {
			return nil, fmt.Errorf("scanning output /%s for references: %w", out, err)
		}
		result.Outputs = append(result.Outputs, node)
		result.OutputsNeedles = append(result.OutputsNeedles, &buildv1.Build_OutputNeedles{Needles: found})
		result.OutputsNar = append(result.OutputsNar, &buildv1.Build_OutputNAR{NarSize: size, NarSha256: sum[:]})
	}
	return result, nil
}

// scanBuffers are reused between scans: most outputs are small, and a
// fresh 256 KiB buffer per output costs more than scanning them.
var scanBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// scanNeedles returns the indexes of the needles that occur in the tree
// at p where Nix's scanner (which runs over the NAR serialisation) would
// find them: in file contents, symlink targets and entry names.
func scanNeedles(p string, needles []string) ([]uint64, error) {
	if len(needles) == 0 {
		return nil, nil
	}
	s, err := refscan.NewScanner(needles)
	if err != nil {
		return nil, err
	}
	bufp := scanBuffers.Get().(*[]byte)
	defer scanBuffers.Put(bufp)
	buf := *bufp
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if q != p {
			s.Scan([]byte(d.Name()))
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(q)
			if err != nil {
				return err
			}
			s.Scan([]byte(target))
		case d.Type().IsRegular():
			f, err := os.Open(q)
			if err != nil {
				return err
			}
			_, err = io.CopyBuffer(s.Stream(), struct{ io.Reader }{f}, buf)
			f.Close()
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var found []uint64
	for _, h := range s.Found() {
		for i, n := range needles {
			if n == h {
				found = append(found, uint64(i))
			}
		}
	}
	slices.Sort(found)
	return found, nil
}
