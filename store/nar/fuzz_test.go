package nar

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/p2pnix/tvix/store"
)

// fuzzSeeds are valid and nearly valid NARs.
func fuzzSeeds() [][]byte {
	return [][]byte{
		validNAR(),
		withMagic(file("x")),
		withMagic(dirOf()),
		withMagic([]string{"(", "type", "symlink", "target", "/abs", ")"}),
		withMagic(dirOf(entry("..x", file("")...), entry("a", dirOf()...), entry("a-b", file("12345678")...))),
		withMagic(dirOf(entry("b", file("x")...), entry("a", file("x")...))),
		validNAR()[:100],
	}
}

// TestWriteFuzzSeeds keeps testdata/fuzz/FuzzNARReader in step with
// fuzzSeeds when run with -update.
func TestWriteFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzNARReader")
	if *update {
		os.MkdirAll(dir, 0o755)
		for i, s := range fuzzSeeds() {
			content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed%d", i)), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < len(fuzzSeeds()) {
		t.Fatalf("seed corpus in %s: %d files, %v (run with -update)", dir, len(entries), err)
	}
}

// FuzzNARReader checks that the reader never panics, that Validate and
// Ingest agree, and that every NAR accepted renders back to exactly the
// same bytes (so only canonical NARs are accepted).
func FuzzNARReader(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		size, sum, verr := Validate(bytes.NewReader(data), "fuzz")
		st := store.NewMemoryStore()
		node, isize, isum, ierr := Ingest(ctx, bytes.NewReader(data), "fuzz", st.Blobs, st.Directories, "root")
		if (verr == nil) != (ierr == nil) {
			t.Fatalf("Validate: %v; Ingest: %v", verr, ierr)
		}
		if verr != nil {
			if verr.Error() != ierr.Error() {
				t.Fatalf("Validate: %v; Ingest: %v", verr, ierr)
			}
			return
		}
		if size != uint64(len(data)) || isize != size || isum != sum {
			t.Fatalf("sizes %d/%d of %d bytes, sums differ: %v", size, isize, len(data), isum != sum)
		}
		var out bytes.Buffer
		if _, err := Write(ctx, &out, st.Blobs, st.Directories, node); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("accepted NAR renders differently:\n in %q\nout %q", data, out.Bytes())
		}
	})
}
