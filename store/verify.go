package store

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/zeebo/blake3"
)

// BlobInventory is implemented by blob services that can enumerate what
// they hold; VerifyAll needs it. Callbacks may not call back into the
// service's write methods.
type BlobInventory interface {
	// ForEachChunk calls fn with every stored chunk (a blob of one chunk
	// is listed only here), with the size recorded for it.
	ForEachChunk(ctx context.Context, fn func(ChunkMeta) error) error
	// ForEachBlob calls fn with every blob of more than one chunk and its
	// recorded chunk list.
	ForEachBlob(ctx context.Context, fn func(Digest, []ChunkMeta) error) error
}

// DirectoryInventory is implemented by directory services that can
// enumerate what they hold.
type DirectoryInventory interface {
	// ForEachDirectory calls fn with every stored directory's key and its
	// stored encoding, unverified.
	ForEachDirectory(ctx context.Context, fn func(Digest, []byte) error) error
}

// VerifyStats counts what VerifyAll checked and how many problems it found.
type VerifyStats struct {
	Chunks, Blobs, Directories, PathInfos int
	Problems                              int
}

// VerifyAll checks every item of st: each chunk's content hashes to its
// digest and has its recorded size; each blob's chunks exist and
// concatenate to content with the blob's digest; each directory's encoding
// hashes to its key, is valid, and its child directories exist with the
// sizes recorded; each PathInfo is valid and its root node is stored. It
// calls report with a one-line error per problem and returns the counts;
// its error is for failures that stop the walk (I/O, ctx). The blob reads
// go through st.Blobs.Open, which for the local backends returns the bytes
// on disk unverified.
//
// A store whose backends cannot enumerate their content (a remote one) is
// checked from its PathInfos instead: every directory and blob reachable
// from a root is fetched and hashed (unreachable data is not seen).
func VerifyAll(ctx context.Context, st *Store, report func(error)) (VerifyStats, error) {
	var stats VerifyStats
	problem := func(err error) {
		stats.Problems++
		report(err)
	}
	bi, okB := st.Blobs.(BlobInventory)
	di, okD := st.Directories.(DirectoryInventory)
	if !okB || !okD {
		return verifyReachable(ctx, st, problem, &stats)
	}

	chunkSizes := make(map[Digest]uint64)
	err := bi.ForEachChunk(ctx, func(c ChunkMeta) error {
		stats.Chunks++
		chunkSizes[c.Digest] = c.Size
		got, n, err := hashBlob(ctx, st.Blobs, c.Digest)
		switch {
		case errors.Is(err, ErrNotFound):
			problem(fmt.Errorf("chunk %v: content missing: %v", c.Digest, err))
		case err != nil:
			problem(fmt.Errorf("chunk %v: %v", c.Digest, err))
		case got != c.Digest:
			problem(fmt.Errorf("chunk %v: %w: content hashes to %v", c.Digest, ErrCorrupt, got))
		case n != c.Size:
			problem(fmt.Errorf("chunk %v: content is %d bytes, recorded %d", c.Digest, n, c.Size))
		}
		return ctx.Err()
	})
	if err != nil {
		return stats, fmt.Errorf("verify chunks: %w", err)
	}

	err = bi.ForEachBlob(ctx, func(d Digest, cs []ChunkMeta) error {
		stats.Blobs++
		for _, c := range cs {
			if size, ok := chunkSizes[c.Digest]; !ok || size != c.Size {
				problem(fmt.Errorf("blob %v: chunk %v (%d bytes) is missing or has another size", d, c.Digest, c.Size))
				return ctx.Err()
			}
		}
		got, _, err := hashBlob(ctx, st.Blobs, d)
		switch {
		case err != nil:
			problem(fmt.Errorf("blob %v: %v", d, err))
		case got != d:
			problem(fmt.Errorf("blob %v: %w: chunks concatenate to content with digest %v", d, ErrCorrupt, got))
		}
		return ctx.Err()
	})
	if err != nil {
		return stats, fmt.Errorf("verify blobs: %w", err)
	}

	dirSizes := make(map[Digest]uint64)
	children := make(map[Digest][]*castorev1.DirectoryNode)
	err = di.ForEachDirectory(ctx, func(d Digest, enc []byte) error {
		stats.Directories++
		dir, err := DecodeDirectory(enc, d)
		if err == nil {
			err = ValidateDirectory(dir)
		}
		if err != nil {
			problem(fmt.Errorf("directory %v: %v", d, err))
			return ctx.Err()
		}
		dirSizes[d] = DirectorySize(dir)
		if len(dir.Directories) > 0 {
			children[d] = dir.Directories
		}
		return ctx.Err()
	})
	if err != nil {
		return stats, fmt.Errorf("verify directories: %w", err)
	}
	for d, list := range children {
		for _, c := range list {
			size, ok := dirSizes[Digest(c.Digest)]
			switch {
			case !ok:
				problem(fmt.Errorf("directory %v: entry %q: child directory %x is missing", d, c.Name, c.Digest))
			case size != c.Size:
				problem(fmt.Errorf("directory %v: entry %q: size %d, but the child has size %d", d, c.Name, c.Size, size))
			}
		}
	}

	err = st.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		stats.PathInfos++
		if _, err := ValidatePathInfo(info); err != nil {
			problem(err)
			return ctx.Err()
		}
		if err := RootPresent(ctx, st.Blobs, st.Directories, info.Node); err != nil {
			problem(fmt.Errorf("path info %s: %v", NodeName(info.Node), err))
		}
		return ctx.Err()
	})
	if err != nil {
		return stats, fmt.Errorf("verify path infos: %w", err)
	}
	return stats, nil
}

// hashBlob reads blob (or chunk) d through bs and returns the blake3 and
// length of what it read.
func hashBlob(ctx context.Context, bs BlobService, d Digest) (Digest, uint64, error) {
	rc, err := bs.Open(ctx, d)
	if err != nil {
		return Digest{}, 0, err
	}
	defer rc.Close()
	h := blake3.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return Digest{}, 0, err
	}
	var got Digest
	h.Sum(got[:0])
	return got, uint64(n), nil
}

// CheckPathInfoPut is what every PathInfoService.Put checks before storing
// info: ValidatePathInfo, then RootPresent. It returns the key.
func CheckPathInfoPut(ctx context.Context, blobs BlobService, dirs DirectoryService, info *storev1.PathInfo) ([StorePathHashSize]byte, error) {
	h, err := ValidatePathInfo(info)
	if err != nil {
		return h, err
	}
	if err := RootPresent(ctx, blobs, dirs, info.Node); err != nil {
		return h, fmt.Errorf("%w path info %s: %w", ErrInvalid, NodeName(info.Node), err)
	}
	return h, nil
}

// RootPresent checks that the content a root node refers to is stored: the
// blob of a file (with the recorded size), the directory of a directory.
// Symlinks need nothing.
func RootPresent(ctx context.Context, blobs BlobService, dirs DirectoryService, n *castorev1.Node) error {
	switch {
	case n.GetDirectory() != nil:
		d, err := DigestFromBytes(n.GetDirectory().Digest)
		if err != nil {
			return err
		}
		dir, err := dirs.Get(ctx, d)
		if err != nil {
			return fmt.Errorf("root directory: %w", err)
		}
		if size := DirectorySize(dir); size != n.GetDirectory().Size {
			return fmt.Errorf("%w root node: size %d, but directory %v has size %d", ErrInvalid, n.GetDirectory().Size, d, size)
		}
	case n.GetFile() != nil:
		d, err := DigestFromBytes(n.GetFile().Digest)
		if err != nil {
			return err
		}
		ok, err := blobs.Has(ctx, d)
		if err != nil {
			return fmt.Errorf("root file: %w", err)
		}
		if !ok {
			return fmt.Errorf("root file: blob %v: %w", d, ErrNotFound)
		}
	}
	return nil
}

// verifyReachable checks every PathInfo of st and everything reachable
// from their roots, each directory and blob once.
func verifyReachable(ctx context.Context, st *Store, problem func(error), stats *VerifyStats) (VerifyStats, error) {
	seenDirs := make(map[Digest]bool)
	seenBlobs := make(map[Digest]bool)
	checkFile := func(where string, f *castorev1.FileNode) {
		d, err := DigestFromBytes(f.Digest)
		if err != nil || seenBlobs[d] {
			return // invalid digests were reported by validation
		}
		seenBlobs[d] = true
		stats.Blobs++
		got, n, err := hashBlob(ctx, st.Blobs, d)
		switch {
		case err != nil:
			problem(fmt.Errorf("%s: file %q: blob %v: %v", where, f.Name, d, err))
		case got != d:
			problem(fmt.Errorf("%s: file %q: blob %v: %w: content hashes to %v", where, f.Name, d, ErrCorrupt, got))
		case n != f.Size:
			problem(fmt.Errorf("%s: file %q: blob %v has %d bytes, the file %d", where, f.Name, d, n, f.Size))
		}
	}
	err := st.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		stats.PathInfos++
		if _, err := ValidatePathInfo(info); err != nil {
			problem(err)
			return ctx.Err()
		}
		where := "path info " + string(NodeName(info.Node))
		if err := RootPresent(ctx, st.Blobs, st.Directories, info.Node); err != nil {
			problem(fmt.Errorf("%s: %v", where, err))
			return ctx.Err()
		}
		if f := info.Node.GetFile(); f != nil {
			checkFile(where, f)
		}
		dn := info.Node.GetDirectory()
		if dn == nil || seenDirs[Digest(dn.Digest)] {
			return ctx.Err()
		}
		err := st.Directories.GetRecursive(ctx, Digest(dn.Digest), func(d Digest, dir *castorev1.Directory) error {
			if seenDirs[d] {
				return nil
			}
			seenDirs[d] = true
			stats.Directories++
			if err := ValidateDirectory(dir); err != nil {
				problem(fmt.Errorf("%s: directory %v: %v", where, d, err))
				return nil
			}
			for _, f := range dir.Files {
				checkFile(fmt.Sprintf("%s: directory %v", where, d), f)
			}
			return ctx.Err()
		})
		if err != nil && ctx.Err() == nil {
			problem(fmt.Errorf("%s: directories: %v", where, err))
		}
		return ctx.Err()
	})
	if err != nil {
		return *stats, fmt.Errorf("verify path infos: %w", err)
	}
	return *stats, nil
}
