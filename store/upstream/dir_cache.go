package upstream

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/atomicfile"
	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/pathinfo"
	"github.com/ulikunitz/xz"
)

// ImportDir copies every path of the binary cache directory dir (as `nix
// copy --to file://DIR` writes it) into target, each signed by one of
// trusted and checked against its NAR hash as a substitution is, and
// returns the store paths it added (those target had are skipped). It
// stops at the first path refused; the paths added before it stay.
func ImportDir(ctx context.Context, dir string, trusted []nixsig.PublicKey, storeDir nixpath.StoreDir, target *store.Store) ([]string, error) {
	if len(trusted) == 0 {
		return nil, errors.New("import: no trusted public keys: every path must be signed by one")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	s, err := New(Config{URLs: []string{"file://" + dir}, TrustedKeys: trusted, StoreDir: storeDir, Target: target})
	if err != nil {
		return nil, err
	}
	var added []string
	for _, e := range entries {
		hashPart, ok := strings.CutSuffix(e.Name(), ".narinfo")
		if !ok {
			continue
		}
		h, err := nixpath.ParseHashPart(hashPart)
		if err != nil {
			return added, fmt.Errorf("import: %s: not a narinfo of a store path", filepath.Join(dir, e.Name()))
		}
		if _, err := target.PathInfos.Get(ctx, h); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return added, err
		}
		info, err := s.Substitute(ctx, h)
		if err != nil {
			return added, fmt.Errorf("import: %w", err)
		}
		added = append(added, pathinfo.StorePath(storeDir, info))
	}
	slices.Sort(added)
	return added, nil
}

// ExportOptions configure ExportDir.
type ExportOptions struct {
	// Compression of the NARs: "none", "xz" (the default, as Nix's) or
	// "zstd".
	Compression string
	// SigningKey, when set, adds its signature to every narinfo (the
	// paths' own signatures are kept).
	SigningKey *nixsig.SecretKey
}

// ExportDir writes the closure of roots (absolute store paths) from src
// into the binary cache directory dir, which `nix copy --from
// file://DIR` reads: nix-cache-info, a narinfo per path and its NAR under
// nar/. Each narinfo is written after its NAR, each file atomically, so
// an interrupted export leaves a valid cache of what it finished. It
// returns the paths written.
func ExportDir(ctx context.Context, src *store.Store, storeDir nixpath.StoreDir, roots []string, dir string, o ExportOptions) ([]string, error) {
	ext, err := compressionExt(o.Compression)
	if err != nil {
		return nil, err
	}
	if o.Compression == "" {
		o.Compression = "xz"
	}
	infos, err := pathinfo.Collect(ctx, src, storeDir, roots, true)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "nar"), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	cacheInfo := filepath.Join(dir, "nix-cache-info")
	if _, err := os.Stat(cacheInfo); errors.Is(err, os.ErrNotExist) {
		if err := atomicfile.WriteFile(cacheInfo, []byte("StoreDir: "+string(storeDir)+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	var written []string
	for _, info := range infos {
		if err := exportPath(ctx, src, storeDir, info, dir, ext, o); err != nil {
			return written, fmt.Errorf("export: %s: %w", pathinfo.StorePath(storeDir, info), err)
		}
		written = append(written, pathinfo.StorePath(storeDir, info))
	}
	return written, nil
}

func compressionExt(c string) (string, error) {
	switch c {
	case "none":
		return "", nil
	case "", "xz":
		return ".xz", nil
	case "zstd":
		return ".zst", nil
	}
	return "", fmt.Errorf("export: compression %q not supported (none, xz or zstd)", c)
}

// exportPath writes info's NAR, then its narinfo.
func exportPath(ctx context.Context, src *store.Store, storeDir nixpath.StoreDir, info *storev1.PathInfo, dir, ext string, o ExportOptions) error {
	tmp, err := os.CreateTemp(filepath.Join(dir, "nar"), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	fileHash := sha256.New()
	counted := &countio.Writer{W: io.MultiWriter(tmp, fileHash)}
	w, err := compressor(o.Compression, counted)
	if err != nil {
		return err
	}
	if _, err := nar.Write(ctx, w, src.Blobs, src.Directories, info.GetNode()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	sum := fileHash.Sum(nil)
	url := "nar/" + nixbase32.EncodeToString(sum) + ".nar" + ext
	if err := os.Rename(tmp.Name(), filepath.Join(dir, url)); err != nil {
		return err
	}
	if o.SigningKey != nil {
		if err := nixsig.Sign(storeDir, *o.SigningKey, info); err != nil {
			return err
		}
	}
	text, err := narinfo.Render(storeDir, info, narinfo.NARFile{URL: url, Compression: o.Compression, FileHash: sum, FileSize: uint64(counted.N)})
	if err != nil {
		return err
	}
	sp, err := nixpath.ParseBase(string(store.NodeName(info.GetNode())))
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, sp.HashPart()+".narinfo"), []byte(text), 0o644)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// compressor applies compression c to what is written to w.
func compressor(c string, w io.Writer) (io.WriteCloser, error) {
	switch c {
	case "none":
		return nopCloser{w}, nil
	case "xz":
		return xz.NewWriter(w)
	case "zstd":
		return zstd.NewWriter(w)
	}
	return nil, fmt.Errorf("compression %q not supported", c)
}
