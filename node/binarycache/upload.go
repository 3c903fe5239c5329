package binarycache

import (
	"bytes"
	"compress/bzip2"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/internal/countio"
	"github.com/p2pnix/tvix/internal/xzguard"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/narinfo"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/ulikunitz/xz"
)

// Uploads (`nix copy --to http://node`): Nix PUTs each path's NAR file
// first, then its narinfo. A NAR file is only staged in Config.UploadDir
// (at most maxStaged at a time, each for at most stagedTTL)
// (written to a temporary name, synced, renamed). The narinfo PUT checks
// the signature against the trusted keys and that the references are
// stored, then reads the staged file once to check its file hash and size
// and the NAR's hash and size, and only then ingests it and registers the
// path. A failure at any step stores nothing.

// maxNARInfoSize bounds a narinfo upload.
const maxNARInfoSize = 1 << 20

// uploadError is an upload refused for a reason the client should see.
type uploadError struct {
	code int
	msg  string
}

func (e *uploadError) Error() string { return e.msg }

func refuse(code int, format string, args ...any) error {
	return &uploadError{code: code, msg: fmt.Sprintf(format, args...)}
}

// resetUploads drops NARs staged by an earlier run.
func (c *Cache) resetUploads() error {
	if err := os.RemoveAll(c.cfg.UploadDir); err != nil {
		return fmt.Errorf("uploads: %w", err)
	}
	return os.MkdirAll(c.cfg.UploadDir, 0o755)
}

// validNARFileName accepts what Nix names NAR files: nar/<hash>.nar plus a
// compression extension.
func validNARFileName(name string) bool {
	if name == "" || name[0] == '.' || strings.ContainsAny(name, "/\\\x00") || len(name) > 200 {
		return false
	}
	return strings.Contains(name, ".nar")
}

// maxStaged bounds the NARs waiting for their narinfo; stagedTTL is how
// long one may wait (Nix PUTs the narinfo right after the NAR).
const (
	maxStaged = 1024
	stagedTTL = time.Hour
)

// stagedNARs records when this process staged each NAR, by its monotonic
// clock: a step of the wall clock (NTP) then neither prunes a NAR still
// waiting for its narinfo, as the files' times would after a step
// forward, nor keeps a stale one longer.
type stagedNARs struct {
	mu sync.Mutex
	at map[string]time.Time // by file name in Config.UploadDir
}

// stage records that NAR file name is staged now.
func (c *Cache) stage(name string) {
	c.staged.mu.Lock()
	defer c.staged.mu.Unlock()
	if c.staged.at == nil {
		c.staged.at = map[string]time.Time{}
	}
	c.staged.at[name] = time.Now()
}

// unstage removes staged NAR file name.
func (c *Cache) unstage(name string) {
	c.staged.mu.Lock()
	defer c.staged.mu.Unlock()
	delete(c.staged.at, name)
	os.Remove(filepath.Join(c.cfg.UploadDir, name))
}

// pruneStaged removes staged NARs older than stagedTTL and reports how
// many are left.
func (c *Cache) pruneStaged() int {
	c.staged.mu.Lock()
	defer c.staged.mu.Unlock()
	for name, at := range c.staged.at {
		if time.Since(at) > stagedTTL {
			os.Remove(filepath.Join(c.cfg.UploadDir, name))
			delete(c.staged.at, name)
		}
	}
	return len(c.staged.at)
}

func (c *Cache) putNAR(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if !validNARFileName(name) {
		http.Error(w, "not a NAR file name: "+name, http.StatusBadRequest)
		return
	}
	if c.pruneStaged() >= maxStaged {
		http.Error(w, fmt.Sprintf("%d uploaded NARs are waiting for their narinfo; try again later", maxStaged), http.StatusServiceUnavailable)
		return
	}
	tmp, err := os.CreateTemp(c.cfg.UploadDir, ".put-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, r.Body)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.cfg.UploadDir, name))
	}
	if err == nil {
		c.stage(name)
	}
	if err != nil {
		c.log.Warn("NAR upload", "file", name, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	c.log.Debug("NAR staged", "file", name)
}

func (c *Cache) putNARInfo(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	hashPart, ok := strings.CutSuffix(file, ".narinfo")
	if !ok {
		http.Error(w, "uploads of "+file+" are not supported", http.StatusForbidden)
		return
	}
	err := c.acceptUpload(r.Context(), hashPart, io.LimitReader(r.Body, maxNARInfoSize))
	var ue *uploadError
	switch {
	case err == nil:
		c.metrics.uploads.WithLabelValues("accepted").Inc()
		w.WriteHeader(http.StatusOK)
	case errors.As(err, &ue):
		c.metrics.uploads.WithLabelValues("refused").Inc()
		c.log.Warn("upload refused", "narinfo", file, "reason", ue.msg)
		http.Error(w, ue.msg, ue.code)
	default:
		c.metrics.uploads.WithLabelValues("failed").Inc()
		c.log.Error("upload failed", "narinfo", file, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// acceptUpload verifies and registers the path described by the narinfo
// read from body.
func (c *Cache) acceptUpload(ctx context.Context, hashPart string, body io.Reader) error {
	input := hashPart + ".narinfo"
	p, err := narinfo.Parse(c.dir, body, input)
	if err != nil {
		return refuse(http.StatusBadRequest, "%v", err)
	}
	if p.StorePath.HashPart() != hashPart {
		return refuse(http.StatusBadRequest, "%s: describes %s", input, c.dir.Absolute(p.StorePath))
	}
	path := c.dir.Absolute(p.StorePath)
	staged, ok := strings.CutPrefix(p.File.URL, "nar/")
	if !ok || !validNARFileName(staged) {
		return refuse(http.StatusBadRequest, "%s: URL %q is not nar/<file>", path, p.File.URL)
	}
	// The staged NAR is used at most once, whatever the outcome.
	defer c.unstage(staged)
	staged = filepath.Join(c.cfg.UploadDir, staged)
	// The fingerprint needs the root node's name; a placeholder carries it
	// until the NAR is ingested.
	p.SetNode(&castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("x")}}})
	good, err := nixsig.Verify(c.dir, c.trusted, p.Info)
	if err != nil {
		return refuse(http.StatusBadRequest, "%s: %v", path, err)
	}
	if good == 0 {
		return refuse(http.StatusForbidden, "%s: no signature by a trusted key", path)
	}
	for _, ref := range p.Info.GetNarinfo().GetReferenceNames() {
		rp, err := nixpath.ParseBase(ref)
		if err != nil || rp.Hash == p.StorePath.Hash {
			continue
		}
		if _, err := c.store.PathInfos.Get(ctx, rp.Hash); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return refuse(http.StatusConflict, "%s: reference %s is not in this cache (upload it first)", path, ref)
			}
			return err
		}
	}
	// Pass 1: file hash and size, NAR hash and size. Nothing is stored.
	f, err := os.Open(staged)
	if err != nil {
		return refuse(http.StatusConflict, "%s: its NAR %s was not uploaded", path, p.File.URL)
	}
	defer f.Close()
	fileHash := sha256.New()
	counted := &countio.Reader{R: io.TeeReader(f, fileHash)}
	dec, err := decompressor(p.File.Compression, counted)
	if err != nil {
		return refuse(http.StatusBadRequest, "%s: %v", path, err)
	}
	size, sum, err := nar.Validate(dec, p.File.URL)
	if err == nil {
		_, err = io.Copy(io.Discard, counted) // the rest of the file, for its hash
	}
	if err != nil {
		return refuse(http.StatusBadRequest, "%s: NAR: %v", path, err)
	}
	ni := p.Info.GetNarinfo()
	if size != ni.GetNarSize() || !bytes.Equal(sum[:], ni.GetNarSha256()) {
		return refuse(http.StatusBadRequest, "%s: NAR hash or size mismatch: the narinfo says sha256:%s (%d bytes), the NAR is sha256:%s (%d bytes)",
			path, nixbase32.EncodeToString(ni.GetNarSha256()), ni.GetNarSize(), nixbase32.EncodeToString(sum[:]), size)
	}
	if p.File.FileSize != 0 && p.File.FileSize != uint64(counted.N) {
		return refuse(http.StatusBadRequest, "%s: FileSize %d, the uploaded file has %d bytes", path, p.File.FileSize, counted.N)
	}
	if p.File.FileHash != nil && !bytes.Equal(p.File.FileHash, fileHash.Sum(nil)) {
		return refuse(http.StatusBadRequest, "%s: FileHash does not match the uploaded file", path)
	}
	// Pass 2: ingest and register.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if dec, err = decompressor(p.File.Compression, f); err != nil {
		return err
	}
	node, _, sum2, err := nar.Ingest(ctx, dec, p.File.URL, c.store.Blobs, c.store.Directories, p.StorePath.Base())
	if err != nil {
		return fmt.Errorf("%s: ingesting NAR: %w", path, err)
	}
	if sum2 != sum {
		return fmt.Errorf("%s: the staged NAR changed between reads", path)
	}
	p.SetNode(node)
	if _, err := c.store.PathInfos.Put(ctx, p.Info); err != nil {
		return fmt.Errorf("%s: registering: %w", path, err)
	}
	c.log.Info("path uploaded", "path", path, "narSize", size)
	return nil
}

// decompressor undoes a narinfo's Compression.
func decompressor(compression string, r io.Reader) (io.Reader, error) {
	switch compression {
	case "", "none":
		return r, nil
	case "xz":
		return xz.NewReader(xzguard.NewReader(r, xzguard.MaxDict))
	case "bzip2":
		return bzip2.NewReader(r), nil
	case "zstd":
		d, err := zstd.NewReader(r)
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return nil, fmt.Errorf("compression %q not supported (use none, xz, bzip2 or zstd)", compression)
}
