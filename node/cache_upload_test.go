package node

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStagedUploadsBounded: NARs whose narinfo never comes are limited in
// number, and old ones are pruned.
func TestStagedUploadsBounded(t *testing.T) {
	n := startMemoryNode(t)
	put := func(name string) int {
		req, _ := http.NewRequest(http.MethodPut, "http://"+n.APIAddr().String()+"/nar/"+name, strings.NewReader("nar"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	old := time.Now().Add(-2 * stagedTTL)
	for i := range maxStaged {
		p := filepath.Join(n.uploadDir(), fmt.Sprintf("%d.nar", i))
		os.WriteFile(p, nil, 0o644)
		if i == 0 {
			os.Chtimes(p, old, old)
		}
	}
	if code := put("first.nar"); code != http.StatusOK {
		t.Fatalf("PUT with one stale staged NAR: %d, want 200 (the stale one pruned)", code)
	}
	if _, err := os.Stat(filepath.Join(n.uploadDir(), "0.nar")); !os.IsNotExist(err) {
		t.Errorf("stale staged NAR not pruned: %v", err)
	}
	if code := put("second.nar"); code != http.StatusServiceUnavailable {
		t.Errorf("PUT beyond %d staged NARs: %d, want 503", maxStaged, code)
	}
	if code := put(".hidden.nar"); code != http.StatusBadRequest {
		t.Errorf("PUT of a hidden name: %d, want 400", code)
	}
}
