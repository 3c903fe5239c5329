// Package storetest is the conformance suite every store backend runs:
// memory, local, and gRPC against a real tvix-node. Each test makes its own
// random content, so the suite also passes on a store shared by all tests.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/nix-community/go-nix/pkg/nixbase32"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"google.golang.org/protobuf/proto"
)

// Harness describes the backend under test.
type Harness struct {
	// New returns a store for one test. It may be shared between tests
	// but must stay usable until the test ends.
	New func(t *testing.T) *store.Store
	// Corrupt changes the stored content of chunk d (whose bytes are
	// content) behind the backend's back, as a failing disk or a lying
	// server would. Nil skips that test.
	Corrupt func(t *testing.T, st *store.Store, d store.Digest, content []byte)
	// ReadsVerified says Open checks content against digests (backends
	// reading from outside the process must).
	ReadsVerified bool
}

// Run runs the whole suite against h.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		fn   func(*testing.T, Harness)
	}{
		{"Missing", testMissing},
		{"BlobRoundTrip", testBlobRoundTrip},
		{"ChunkDedup", testChunkDedup},
		{"LargeBlob", testLargeBlob},
		{"DirectoryRoundTrip", testDirectoryRoundTrip},
		{"InvalidDirectories", testInvalidDirectories},
		{"DisconnectedClosure", testDisconnectedClosure},
		{"FailedPutFailsUpload", testFailedPutFailsUpload},
		{"PathInfoRoundTrip", testPathInfoRoundTrip},
		{"InvalidPathInfos", testInvalidPathInfos},
		{"CorruptChunkDetected", testCorruptChunk},
		{"ConcurrentPuts", testConcurrentPuts},
		{"PutChunks", testPutChunks},
		{"PutPathInfos", testPutPathInfos},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, h) })
	}
}

// randCalls counts NewRand calls, so that two generators made in one test
// differ.
var randCalls atomic.Uint64

// NewRand returns a generator seeded from the test name and the number of
// NewRand calls so far: distinct tests, and distinct calls in one test,
// get distinct content (tests sharing one store stay apart), and a rerun
// of the same tests replays the same content.
func NewRand(t *testing.T) *rand.Rand {
	var seed uint64
	for _, c := range t.Name() {
		seed = seed*31 + uint64(c)
	}
	return rand.New(rand.NewPCG(seed, randCalls.Add(1)))
}

// RandomBytes returns n random bytes from r.
func RandomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// RandomDigest returns a random digest (almost surely not stored).
func RandomDigest(r *rand.Rand) store.Digest {
	var d store.Digest
	copy(d[:], RandomBytes(r, store.DigestSize))
	return d
}

// StorePathName returns a valid random store path base name and its hash.
func StorePathName(r *rand.Rand, name string) (string, [store.StorePathHashSize]byte) {
	var h [store.StorePathHashSize]byte
	copy(h[:], RandomBytes(r, len(h)))
	return nixbase32.EncodeToString(h[:]) + "-" + name, h
}

func ctxFor(t *testing.T) context.Context { return t.Context() }

func putBlob(t *testing.T, st *store.Store, data []byte) store.Digest {
	t.Helper()
	d, n, err := st.Blobs.Put(ctxFor(t), bytes.NewReader(data))
	if err != nil {
		t.Fatalf("put blob of %d bytes: %v", len(data), err)
	}
	if n != uint64(len(data)) {
		t.Fatalf("put blob: size %d, want %d", n, len(data))
	}
	if want := store.DigestOf(data); d != want {
		t.Fatalf("put blob: digest %v, want %v", d, want)
	}
	return d
}

func readBlob(t *testing.T, st *store.Store, d store.Digest) ([]byte, error) {
	t.Helper()
	rc, err := st.Blobs.Open(ctxFor(t), d)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func mustNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s: got %v, want an error wrapping store.ErrNotFound", what, err)
	}
}

func testMissing(t *testing.T, h Harness) {
	st := h.New(t)
	r := NewRand(t)
	ctx := ctxFor(t)
	d := RandomDigest(r)
	if ok, err := st.Blobs.Has(ctx, d); err != nil || ok {
		t.Errorf("Has(missing) = %v, %v; want false, nil", ok, err)
	}
	_, err := st.Blobs.Chunks(ctx, d)
	mustNotFound(t, "Chunks(missing)", err)
	_, err = readBlob(t, st, d)
	mustNotFound(t, "Open(missing)", err)
	_, err = st.Directories.Get(ctx, d)
	mustNotFound(t, "Directories.Get(missing)", err)
	err = st.Directories.GetRecursive(ctx, d, func(store.Digest, *castorev1.Directory) error { return nil })
	mustNotFound(t, "GetRecursive(missing)", err)
	_, ph := StorePathName(r, "missing")
	_, err = st.PathInfos.Get(ctx, ph)
	mustNotFound(t, "PathInfos.Get(missing)", err)
}

func testBlobRoundTrip(t *testing.T, h Harness) {
	st := h.New(t)
	r := NewRand(t)
	ctx := ctxFor(t)
	for _, size := range []int{0, 1, 1000, store.ChunkMinSize, store.ChunkMinSize + 1, 100 << 10, 3 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			data := RandomBytes(r, size)
			d := putBlob(t, st, data)
			if ok, err := st.Blobs.Has(ctx, d); err != nil || !ok {
				t.Fatalf("Has after Put = %v, %v", ok, err)
			}
			got, err := readBlob(t, st, d)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("read back %d bytes (err %v), want the %d put", len(got), err, len(data))
			}
			chunks, err := st.Blobs.Chunks(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			var off uint64
			for i, c := range chunks {
				part := data[off : off+c.Size]
				if store.DigestOf(part) != c.Digest {
					t.Fatalf("chunk %d: digest does not match bytes %d..%d", i, off, off+c.Size)
				}
				if c.Size > store.ChunkMaxSize {
					t.Fatalf("chunk %d: %d bytes, over the maximum", i, c.Size)
				}
				got, err := readBlob(t, st, c.Digest)
				if err != nil || !bytes.Equal(got, part) {
					t.Fatalf("chunk %d: read back %d bytes (err %v)", i, len(got), err)
				}
				off += c.Size
			}
			if off != uint64(size) {
				t.Fatalf("chunks cover %d bytes, want %d", off, size)
			}
			if size <= store.ChunkMinSize && len(chunks) != 1 {
				t.Fatalf("small blob: %d chunks, want one", len(chunks))
			}
			if len(chunks) == 1 && chunks[0].Digest != d {
				t.Fatalf("blob of one chunk: chunk digest %v, want the blob digest %v", chunks[0].Digest, d)
			}
			if size >= 3<<20 && len(chunks) < 4 {
				t.Fatalf("3 MiB blob cut into only %d chunks", len(chunks))
			}
		})
	}
}

func chunkCount(t *testing.T, st *store.Store) (int, bool) {
	inv, ok := st.Blobs.(store.BlobInventory)
	if !ok {
		return 0, false
	}
	n := 0
	if err := inv.ForEachChunk(ctxFor(t), func(store.ChunkMeta) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n, true
}

func testChunkDedup(t *testing.T, h Harness) {
	st := h.New(t)
	r := NewRand(t)
	ctx := ctxFor(t)
	a := RandomBytes(r, 8<<20)
	b := bytes.Clone(a)
	copy(b[4<<20:], RandomBytes(r, 64<<10))

	da := putBlob(t, st, a)
	before, counted := chunkCount(t, st)
	if d := putBlob(t, st, a); d != da {
		t.Fatalf("second put of the same content: %v, want %v", d, da)
	}
	if after, _ := chunkCount(t, st); counted && after != before {
		t.Errorf("putting the same blob again stored %d new chunks", after-before)
	}
	db := putBlob(t, st, b)
	ca, err := st.Blobs.Chunks(ctx, da)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := st.Blobs.Chunks(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	inA := make(map[store.Digest]bool)
	for _, c := range ca {
		inA[c.Digest] = true
	}
	var newBytes uint64
	newChunks := map[store.Digest]bool{}
	for _, c := range cb {
		if !inA[c.Digest] {
			newBytes += c.Size
			newChunks[c.Digest] = true
		}
	}
	// A 64 KiB change can touch at most a few chunks of at most 1 MiB.
	if newBytes > 3*store.ChunkMaxSize {
		t.Errorf("changing 64 KiB of 8 MiB made %d bytes of new chunks", newBytes)
	}
	if after, _ := chunkCount(t, st); counted && after != before+len(newChunks) {
		t.Errorf("stored %d chunks after the edited put, want %d + %d new", after, before, len(newChunks))
	}
}

func testLargeBlob(t *testing.T, h Harness) {
	size := 64 << 20
	if testing.Short() {
		size = 8 << 20
	}
	st := h.New(t)
	data := RandomBytes(NewRand(t), size)
	d := putBlob(t, st, data)
	got, err := readBlob(t, st, d)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (err %v), want %d", len(got), err, len(data))
	}
}

// Tree is a small directory closure used by several tests.
type Tree struct {
	Leaf, Mid, Root           *castorev1.Directory
	LeafD, MidD, RootD        store.Digest
	FileContent, FileContent2 []byte
}

// MakeTree puts two blobs and returns (without putting) a closure
// root -> {a: mid, b: leaf, f: file, l: symlink}, mid -> {x: leaf}.
func MakeTree(t *testing.T, st *store.Store, r *rand.Rand) *Tree {
	t.Helper()
	tr := &Tree{FileContent: RandomBytes(r, 100), FileContent2: RandomBytes(r, 200<<10)}
	f1 := putBlob(t, st, tr.FileContent)
	f2 := putBlob(t, st, tr.FileContent2)
	tr.Leaf = &castorev1.Directory{
		Files: []*castorev1.FileNode{
			{Name: []byte("big"), Digest: f2[:], Size: uint64(len(tr.FileContent2)), Executable: true},
			{Name: []byte("small"), Digest: f1[:], Size: uint64(len(tr.FileContent))},
		},
		Symlinks: []*castorev1.SymlinkNode{{Name: []byte("link"), Target: []byte("small")}},
	}
	tr.LeafD = mustDigest(t, tr.Leaf)
	tr.Mid = &castorev1.Directory{Directories: []*castorev1.DirectoryNode{
		{Name: []byte("x"), Digest: tr.LeafD[:], Size: store.DirectorySize(tr.Leaf)},
	}}
	tr.MidD = mustDigest(t, tr.Mid)
	tr.Root = &castorev1.Directory{
		Directories: []*castorev1.DirectoryNode{
			{Name: []byte("a"), Digest: tr.MidD[:], Size: store.DirectorySize(tr.Mid)},
			{Name: []byte("b"), Digest: tr.LeafD[:], Size: store.DirectorySize(tr.Leaf)},
		},
		Files:    []*castorev1.FileNode{{Name: []byte("f"), Digest: f1[:], Size: uint64(len(tr.FileContent))}},
		Symlinks: []*castorev1.SymlinkNode{{Name: []byte("l"), Target: []byte("/nix/store/whatever")}},
	}
	tr.RootD = mustDigest(t, tr.Root)
	return tr
}

func mustDigest(t *testing.T, dir *castorev1.Directory) store.Digest {
	t.Helper()
	d, err := store.DirectoryDigest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// PutDirectories puts dirs (leaves first) in one putter and returns the root.
func PutDirectories(ctx context.Context, st *store.Store, dirs ...*castorev1.Directory) (store.Digest, error) {
	p := st.Directories.NewPutter(ctx)
	for _, d := range dirs {
		if _, err := p.Put(d); err != nil {
			p.Close()
			return store.Digest{}, err
		}
	}
	return p.Close()
}

func testDirectoryRoundTrip(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	tr := MakeTree(t, st, NewRand(t))
	root, err := PutDirectories(ctx, st, tr.Leaf, tr.Mid, tr.Leaf, tr.Root)
	if err != nil {
		t.Fatal(err)
	}
	if root != tr.RootD {
		t.Fatalf("Close returned %v, want root %v", root, tr.RootD)
	}
	for _, want := range []*castorev1.Directory{tr.Leaf, tr.Mid, tr.Root} {
		d := mustDigest(t, want)
		got, err := st.Directories.Get(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(got, want) {
			t.Fatalf("Get(%v) = %v, want %v", d, got, want)
		}
	}
	var order []store.Digest
	err = st.Directories.GetRecursive(ctx, tr.RootD, func(d store.Digest, dir *castorev1.Directory) error {
		if mustDigest(t, dir) != d {
			t.Errorf("GetRecursive passed a directory with another digest than %v", d)
		}
		order = append(order, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Digest{tr.RootD, tr.MidD, tr.LeafD}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("GetRecursive order %v, want %v", order, want)
	}
	// A later upload may refer to directories already stored.
	top := &castorev1.Directory{Directories: []*castorev1.DirectoryNode{
		{Name: []byte("r"), Digest: tr.RootD[:], Size: store.DirectorySize(tr.Root)},
	}}
	if _, err := PutDirectories(ctx, st, top); err != nil {
		t.Fatalf("directory referring to a stored one: %v", err)
	}
}

func testInvalidDirectories(t *testing.T, h Harness) {
	st := h.New(t)
	r := NewRand(t)
	ctx := ctxFor(t)
	fd := RandomDigest(r)
	file := func(name string) *castorev1.FileNode {
		return &castorev1.FileNode{Name: []byte(name), Digest: fd[:], Size: 1}
	}
	leaf := &castorev1.Directory{Files: []*castorev1.FileNode{file("x")}}
	leafD := mustDigest(t, leaf)
	missing := RandomDigest(r)
	cases := map[string]*castorev1.Directory{
		"empty name":           {Files: []*castorev1.FileNode{file("")}},
		"slash":                {Files: []*castorev1.FileNode{file("a/b")}},
		"NUL":                  {Files: []*castorev1.FileNode{file("a\x00b")}},
		"dot":                  {Files: []*castorev1.FileNode{file(".")}},
		"dotdot":               {Files: []*castorev1.FileNode{file("..")}},
		"unsorted":             {Files: []*castorev1.FileNode{file("b"), file("a")}},
		"duplicate":            {Files: []*castorev1.FileNode{file("a"), file("a")}},
		"duplicate across":     {Files: []*castorev1.FileNode{file("a")}, Symlinks: []*castorev1.SymlinkNode{{Name: []byte("a"), Target: []byte("t")}}},
		"short file digest":    {Files: []*castorev1.FileNode{{Name: []byte("a"), Digest: fd[:31]}}},
		"long dir digest":      {Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: append(leafD[:], 0), Size: 1}}},
		"empty symlink target": {Symlinks: []*castorev1.SymlinkNode{{Name: []byte("a")}}},
		"wrong child size":     {Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: leafD[:], Size: 7}}},
		"missing child":        {Directories: []*castorev1.DirectoryNode{{Name: []byte("a"), Digest: missing[:], Size: 1}}},
	}
	for name, dir := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := PutDirectories(ctx, st, leaf, dir)
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("put: got %v, want an error wrapping store.ErrInvalid", err)
			}
			if d, derr := store.DirectoryDigest(dir); derr == nil {
				_, err := st.Directories.Get(ctx, d)
				mustNotFound(t, "Get(rejected directory)", err)
			}
		})
	}
}

func testDisconnectedClosure(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	r := NewRand(t)
	fd := RandomDigest(r)
	a := &castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte("a"), Digest: fd[:], Size: 1}}}
	b := &castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte("b"), Digest: fd[:], Size: 1}}}
	_, err := PutDirectories(ctx, st, a, b)
	if !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("two unrelated directories in one upload: got %v, want ErrInvalid", err)
	}
	_, err = st.Directories.Get(ctx, mustDigest(t, a))
	mustNotFound(t, "Get(directory of the rejected upload)", err)
}

func testFailedPutFailsUpload(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	fd := RandomDigest(NewRand(t))
	leaf := &castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte("ok"), Digest: fd[:], Size: 1}}}
	bad := &castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte("a/b"), Digest: fd[:], Size: 1}}}
	p := st.Directories.NewPutter(ctx)
	if _, err := p.Put(leaf); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Put(bad); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Put(invalid): %v, want ErrInvalid", err)
	}
	if _, err := p.Close(); err == nil {
		t.Fatal("Close after a failed Put succeeded")
	}
	_, err := st.Directories.Get(ctx, mustDigest(t, leaf))
	mustNotFound(t, "Get(directory of the failed upload)", err)
}

// MakePathInfo returns a valid PathInfo named like a store path whose
// root is node (its name is replaced).
func MakePathInfo(r *rand.Rand, name string, node *castorev1.Node) (*storev1.PathInfo, [store.StorePathHashSize]byte) {
	base, h := StorePathName(r, name)
	node = proto.Clone(node).(*castorev1.Node)
	switch {
	case node.GetDirectory() != nil:
		node.GetDirectory().Name = []byte(base)
	case node.GetFile() != nil:
		node.GetFile().Name = []byte(base)
	default:
		node.GetSymlink().Name = []byte(base)
	}
	refName, ref := StorePathName(r, "dep")
	return &storev1.PathInfo{
		Node:       node,
		References: [][]byte{ref[:]},
		Narinfo: &storev1.NARInfo{
			NarSize:        1234,
			NarSha256:      RandomBytes(r, 32),
			ReferenceNames: []string{refName},
			Signatures:     []*storev1.NARInfo_Signature{{Name: "cache.example-1", Data: RandomBytes(r, 64)}},
		},
	}, h
}

// PutTreePath puts a MakeTree closure and a PathInfo rooted at it.
func PutTreePath(t *testing.T, st *store.Store, r *rand.Rand) (*Tree, *storev1.PathInfo) {
	t.Helper()
	tr := MakeTree(t, st, r)
	if _, err := PutDirectories(t.Context(), st, tr.Leaf, tr.Mid, tr.Root); err != nil {
		t.Fatal(err)
	}
	info, _ := MakePathInfo(r, "tree", &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Digest: tr.RootD[:], Size: store.DirectorySize(tr.Root)}}})
	stored, err := st.PathInfos.Put(t.Context(), info)
	if err != nil {
		t.Fatal(err)
	}
	return tr, stored
}

func testPathInfoRoundTrip(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	r := NewRand(t)
	tr := MakeTree(t, st, r)
	if _, err := PutDirectories(ctx, st, tr.Leaf, tr.Mid, tr.Root); err != nil {
		t.Fatal(err)
	}
	fileD := store.DigestOf(tr.FileContent)
	nodes := map[string]*castorev1.Node{
		"dir":     {Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{Digest: tr.RootD[:], Size: store.DirectorySize(tr.Root)}}},
		"file":    {Node: &castorev1.Node_File{File: &castorev1.FileNode{Digest: fileD[:], Size: uint64(len(tr.FileContent)), Executable: true}}},
		"symlink": {Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{Target: []byte("/etc/hostname")}}},
	}
	for kind, node := range nodes {
		t.Run(kind, func(t *testing.T) {
			info, ph := MakePathInfo(r, "hello-"+kind, node)
			stored, err := st.PathInfos.Put(ctx, info)
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(stored.Node, info.Node) || !bytes.Equal(stored.Narinfo.NarSha256, info.Narinfo.NarSha256) {
				t.Fatalf("Put returned %v, want %v", stored, info)
			}
			got, err := st.PathInfos.Get(ctx, ph)
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(got, stored) {
				t.Fatalf("Get = %v, want %v", got, stored)
			}
			found := false
			err = st.PathInfos.List(ctx, func(pi *storev1.PathInfo) error {
				found = found || proto.Equal(pi, stored)
				return nil
			})
			if err != nil || !found {
				t.Fatalf("List: err %v, found %v", err, found)
			}
		})
	}
}

func testInvalidPathInfos(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	r := NewRand(t)
	content := RandomBytes(r, 10)
	fd := putBlob(t, st, content)
	node := &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Digest: fd[:], Size: 10}}}
	missing := RandomDigest(r)
	cases := map[string]func(*storev1.PathInfo){
		"no node":            func(pi *storev1.PathInfo) { pi.Node = nil },
		"plain name":         func(pi *storev1.PathInfo) { pi.Node.GetFile().Name = []byte("hello") },
		"bad hash chars":     func(pi *storev1.PathInfo) { pi.Node.GetFile().Name = []byte("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee-x") },
		"bad name chars":     func(pi *storev1.PathInfo) { pi.Node.GetFile().Name = append(pi.Node.GetFile().Name, '!') },
		"short reference":    func(pi *storev1.PathInfo) { pi.References[0] = pi.References[0][:19] },
		"reference names":    func(pi *storev1.PathInfo) { pi.Narinfo.ReferenceNames = nil },
		"short nar sha256":   func(pi *storev1.PathInfo) { pi.Narinfo.NarSha256 = pi.Narinfo.NarSha256[:31] },
		"long file digest":   func(pi *storev1.PathInfo) { pi.Node.GetFile().Digest = append(pi.Node.GetFile().Digest, 1) },
		"missing root blob":  func(pi *storev1.PathInfo) { pi.Node.GetFile().Digest = missing[:] },
		"no narinfo":         func(pi *storev1.PathInfo) { pi.Narinfo = nil },
		"bad signature size": func(pi *storev1.PathInfo) { pi.Narinfo.Signatures[0].Data = []byte("x") },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			info, ph := MakePathInfo(r, "bad", node)
			mutate(info)
			_, err := st.PathInfos.Put(ctx, info)
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Put: got %v, want an error wrapping store.ErrInvalid", err)
			}
			_, err = st.PathInfos.Get(ctx, ph)
			mustNotFound(t, "Get(rejected path info)", err)
		})
	}
}

func testCorruptChunk(t *testing.T, h Harness) {
	if h.Corrupt == nil {
		t.Skip("backend cannot be corrupted from the test")
	}
	st := h.New(t)
	r := NewRand(t)
	ctx := ctxFor(t)
	small := RandomBytes(r, 5000)
	large := RandomBytes(r, 2<<20)
	ds, dl := putBlob(t, st, small), putBlob(t, st, large)
	chunks, err := st.Blobs.Chunks(ctx, dl)
	if err != nil {
		t.Fatal(err)
	}
	_, enumerable := st.Blobs.(store.BlobInventory)
	if enumerable {
		var problems []error
		if _, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e) }); err != nil || len(problems) > 0 {
			t.Fatalf("VerifyAll before corruption: %v, problems %v", err, problems)
		}
	}
	mid := len(chunks) / 2
	var off uint64
	for _, c := range chunks[:mid] {
		off += c.Size
	}
	h.Corrupt(t, st, ds, small)
	h.Corrupt(t, st, chunks[mid].Digest, large[off:off+chunks[mid].Size])

	if h.ReadsVerified {
		for _, d := range []store.Digest{ds, dl} {
			if got, err := readBlob(t, st, d); err == nil {
				t.Errorf("read of corrupted blob %v returned %d bytes and no error", d, len(got))
			} else if !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("read of corrupted blob %v: %v, want an error wrapping store.ErrCorrupt", d, err)
			}
		}
	}
	if enumerable {
		var problems []error
		if _, err := store.VerifyAll(ctx, st, func(e error) { problems = append(problems, e) }); err != nil {
			t.Fatal(err)
		}
		// Two corrupted chunks, plus the large blob they break.
		if len(problems) < 3 {
			t.Errorf("VerifyAll found %d problems after corrupting two chunks: %v", len(problems), problems)
		}
	}
}

func testConcurrentPuts(t *testing.T, h Harness) {
	st := h.New(t)
	ctx := ctxFor(t)
	r := NewRand(t)
	shared := RandomBytes(r, 1<<20)
	const workers = 8
	contents := make([][]byte, workers)
	for i := range contents {
		contents[i] = append(bytes.Clone(shared), RandomBytes(r, 300<<10)...)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, data := range [][]byte{shared, contents[i]} {
				d, _, err := st.Blobs.Put(ctx, bytes.NewReader(data))
				if err != nil {
					errs <- err
					return
				}
				if d != store.DigestOf(data) {
					errs <- fmt.Errorf("worker %d: wrong digest", i)
					return
				}
			}
			fd := store.DigestOf(contents[i])
			dir := &castorev1.Directory{Files: []*castorev1.FileNode{{Name: []byte(fmt.Sprint("f", i)), Digest: fd[:], Size: uint64(len(contents[i]))}}}
			if _, err := PutDirectories(ctx, st, dir); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, data := range contents {
		got, err := readBlob(t, st, store.DigestOf(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("blob %d: read %d bytes, err %v", i, len(got), err)
		}
	}
}
