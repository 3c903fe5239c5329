package nixexport

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// FuzzImport checks that Import never panics, names its input in every
// error, and that whatever it accepts exports back to the same bytes.
func FuzzImport(f *testing.F) {
	if b, err := os.ReadFile(closureFile); err == nil {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		st := store.NewMemoryStore()
		infos, err := Import(ctx, st, nixpath.DefaultStoreDir, bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz: ") {
				t.Fatalf("error does not name the input: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := Export(ctx, &out, st, nixpath.DefaultStoreDir, infos); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			// Only the order of references or a legacy signature may differ;
			// the result must still import.
			if _, err := Import(ctx, store.NewMemoryStore(), nixpath.DefaultStoreDir, &out, "re-export"); err != nil {
				t.Fatalf("re-export does not import: %v", err)
			}
		}
	})
}
