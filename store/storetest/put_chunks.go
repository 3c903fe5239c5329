package storetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/p2pnix/tvix/store"
)

// Split cuts data into chunks as Put would and returns the blob digest,
// the chunk list and each chunk's bytes.
func Split(t testing.TB, data []byte) (store.Digest, []store.ChunkMeta, [][]byte) {
	t.Helper()
	var cs []store.ChunkMeta
	var bs [][]byte
	d, _, err := store.SplitBlob(bytes.NewReader(data), func(c store.ChunkMeta, b []byte) error {
		cs = append(cs, c)
		bs = append(bs, bytes.Clone(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, cs, bs
}

// testPutChunks: a backend offering store.ChunkPutter stores blobs from
// given chunks, asks only for the chunks it lacks, and refuses chunks
// that do not add up to the blob or have other sizes than listed,
// storing nothing under the blob's digest then.
func testPutChunks(t *testing.T, h Harness) {
	st := h.New(t)
	cp, ok := st.Blobs.(store.ChunkPutter)
	if !ok {
		t.Skip("the backend does not offer store.ChunkPutter")
	}
	ctx := ctxFor(t)
	r := NewRand(t)
	// put stores data through PutChunks and returns the chunk indexes
	// asked for.
	put := func(d store.Digest, cs []store.ChunkMeta, bs [][]byte) ([]int, error) {
		var asked []int
		err := cp.PutChunks(ctx, d, cs, func(i int) ([]byte, error) {
			asked = append(asked, i)
			return bs[i], nil
		})
		return asked, err
	}
	check := func(d store.Digest, data []byte) {
		t.Helper()
		got, err := readBlob(t, st, d)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back %d bytes (err %v), want %d", len(got), err, len(data))
		}
	}

	a := RandomBytes(r, 6<<20)
	da, ca, ba := Split(t, a)
	if len(ca) < 3 {
		t.Fatalf("6 MiB made %d chunks", len(ca))
	}
	asked, err := put(da, ca, ba)
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != len(ca) {
		t.Errorf("asked for %d of %d chunks of a new blob", len(asked), len(ca))
	}
	check(da, a)
	if got, err := st.Blobs.Chunks(ctx, da); err != nil || len(got) != len(ca) {
		t.Errorf("Chunks: %d (err %v), want %d", len(got), err, len(ca))
	}

	// An edited copy: only its new chunks are asked for.
	b := bytes.Clone(a)
	copy(b[3<<20:], RandomBytes(r, 64<<10))
	db, cb, bb := Split(t, b)
	inA := map[store.Digest]bool{}
	for _, c := range ca {
		inA[c.Digest] = true
	}
	asked, err = put(db, cb, bb)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range asked {
		if inA[cb[i].Digest] {
			t.Errorf("asked for chunk %d, which is stored", i)
		}
	}
	if len(asked) == 0 || len(asked) == len(cb) {
		t.Errorf("asked for %d of %d chunks of an edited blob", len(asked), len(cb))
	}
	check(db, b)

	// A small blob of one chunk.
	small := RandomBytes(r, 3000)
	ds, cs, bs := Split(t, small)
	if _, err := put(ds, cs, bs); err != nil {
		t.Fatal(err)
	}
	check(ds, small)

	// Verified chunks that do not add up to the claimed blob.
	c := RandomBytes(r, 5<<20)
	_, cc, bc := Split(t, c)
	wrong := RandomDigest(r)
	if _, err := put(wrong, cc, bc); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("chunks of another blob: %v, want ErrCorrupt", err)
	}
	if has, _ := st.Blobs.Has(ctx, wrong); has {
		t.Error("a blob whose chunks did not add up is stored")
	}
	// A single chunk claimed to be another blob.
	if _, err := put(wrong, cs, bs); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("one chunk claimed as another blob: %v, want ErrCorrupt", err)
	}

	// A chunk shorter than listed.
	e := RandomBytes(r, 5<<20)
	de, ce, be := Split(t, e)
	be[len(be)-1] = be[len(be)-1][:len(be[len(be)-1])-1]
	if _, err := put(de, ce, be); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("a chunk shorter than listed: %v, want ErrCorrupt", err)
	}
	if has, _ := st.Blobs.Has(ctx, de); has {
		t.Error("a blob with a short chunk is stored")
	}

	// The caller's error ends the put and stores nothing under the blob.
	f := RandomBytes(r, 5<<20)
	df, cf, _ := Split(t, f)
	boom := errors.New("boom")
	err = cp.PutChunks(ctx, df, cf, func(i int) ([]byte, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("data failing: %v, want it", err)
	}
	if has, _ := st.Blobs.Has(ctx, df); has {
		t.Error("a blob whose data failed is stored")
	}
}
