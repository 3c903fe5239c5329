package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/p2pnix/tvix/internal/nixtest"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/p2p"
)

// uniqueTree writes a small directory whose content no other test run
// shares, so its store path is new to /nix/store.
func uniqueTree(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "sub", "file"), []byte(dir+"\n"+strings.Repeat("content ", 100)), 0o644)
	os.WriteFile(filepath.Join(dir, "run"), []byte("#!/bin/sh\n"), 0o755)
	os.Symlink("sub/file", filepath.Join(dir, "link"))
	return dir
}

// nixRun runs a Nix tool, returning combined output and whether it worked.
func nixRun(args ...string) (string, bool) {
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	return string(out), err == nil
}

func nixDelete(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			if out, ok := nixRun("nix-store", "--delete", p); !ok {
				t.Fatalf("nix-store --delete %s: %s", p, out)
			}
		}
	}
}

func httpGet(t *testing.T, url string, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func httpPut(t *testing.T, url string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// narinfoField returns the value of field in narinfo text.
func narinfoField(text, field string) string {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, field+": "); ok {
			return v
		}
	}
	return ""
}

// TestBinaryCacheWithNix: stock Nix substitutes from a real tvix-node (a
// path added with tvix store add, and a closure imported with import-nix)
// and the results verify; nix copy uploads with a trusted key and is
// refused with another; NARs come zstd-compressed and in ranges; a
// corrupt NAR upload changes nothing.
func TestBinaryCacheWithNix(t *testing.T) {
	nixtest.RequireNix(t, "nix-store")
	nixtest.RequireNix(t, "nix")
	nixtest.RequireRoot(t)
	c := newCLI(t)
	keyFile := filepath.Join(c.home, "upload-key")
	uploadPub := strings.TrimSpace(c.ok(nil, "key", "generate", "upload-test-1", "-o", keyFile))
	otherKey := filepath.Join(c.home, "other-key")
	c.ok(nil, "key", "generate", "not-trusted-1", "-o", otherKey)

	data := t.TempDir()
	n := startTestNode(t, data, "--trusted-keys", uploadPub)
	base := "http://" + n.addr
	c.store = "grpc+http://" + n.addr
	pubKey, err := os.ReadFile(tvixhome.Dir(data).PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	subst := []string{"--option", "substituters", base, "--option", "trusted-public-keys", strings.TrimSpace(string(pubKey))}

	if code, info := httpGet(t, base+"/nix-cache-info"); code != 200 || !strings.Contains(string(info), "StoreDir: /nix/store\n") {
		t.Fatalf("nix-cache-info: %d %q", code, info)
	}

	// A path added with tvix store add.
	tree := uniqueTree(t, "cache-added")
	added := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	nixDelete(t, added)
	if out, ok := nixRun(append([]string{"nix-store", "-r", added}, subst...)...); !ok {
		t.Fatalf("nix-store -r %s from the node: %s\nnode log:\n%s", added, out, n.logText())
	}
	if out, ok := nixRun("nix-store", "--verify-path", added); !ok {
		t.Errorf("nix-store --verify-path %s: %s", added, out)
	}

	// A closure: a text file referring to a source path, imported with import-nix.
	src := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", uniqueTree(t, "cache-src"))))
	text := strings.Trim(strings.TrimSpace(string(nixOut(t, "nix-instantiate", "--read-write-mode", "--eval", "-E",
		fmt.Sprintf(`builtins.toFile "refers" "${builtins.storePath %s}"`, src)))), `"`)
	imported := c.ok(nil, "store", "import-nix", text)
	if want := src + "\n" + text + "\n"; imported != want {
		t.Fatalf("import-nix printed %q, want %q", imported, want)
	}
	nixDelete(t, text, src)
	if out, ok := nixRun(append([]string{"nix-store", "-r", text}, subst...)...); !ok {
		t.Fatalf("nix-store -r %s from the node: %s", text, out)
	}
	if out, ok := nixRun("nix-store", "--verify-path", text); !ok {
		t.Errorf("nix-store --verify-path %s: %s", text, out)
	}
	if refs := strings.TrimSpace(string(nixOut(t, "nix-store", "--query", "--references", text))); refs != src {
		t.Errorf("substituted %s refers to %q, want %s", text, refs, src)
	}

	// export-nix writes what nix-store --export writes for the closure.
	closure := strings.Fields(string(nixOut(t, "nix-store", "--query", "--requisites", text)))
	if got, want := c.ok(nil, "store", "export-nix", text), nixOut(t, append([]string{"nix-store", "--export"}, closure...)...); got != string(want) {
		t.Errorf("export-nix %s differs from nix-store --export of %v (%d vs %d bytes)", text, closure, len(got), len(want))
	}

	// zstd and Range on the NAR of the added path.
	hashPart := filepath.Base(added)[:32]
	_, ni := httpGet(t, base+"/"+hashPart+".narinfo")
	url := narinfoField(string(ni), "URL")
	dump := nixOut(t, "nix-store", "--dump", added)
	code, part := httpGet(t, base+"/"+url, "Range", "bytes=100-199")
	if code != http.StatusPartialContent || !bytes.Equal(part, dump[100:200]) {
		t.Errorf("Range bytes=100-199: status %d, %d bytes, equal %v", code, len(part), bytes.Equal(part, dump[100:200]))
	}
	code, zst := httpGet(t, base+"/"+url+".zst")
	dec, err := zstd.NewReader(bytes.NewReader(zst))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(dec)
	if code != 200 || err != nil || !bytes.Equal(plain, dump) {
		t.Errorf("zstd NAR: status %d, %v, equal %v", code, err, bytes.Equal(plain, dump))
	}
	if code, _ := httpGet(t, base+"/"+strings.Repeat("0", 32)+".narinfo"); code != 404 {
		t.Errorf("unknown narinfo: %d", code)
	}

	// nix copy uploads with a trusted signature, not with another.
	before := c.storePaths()
	refused := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", uniqueTree(t, "upload-refused"))))
	if out, ok := nixRun("nix", "--extra-experimental-features", "nix-command", "copy", "--to", base+"?secret-key="+otherKey, refused); ok {
		t.Errorf("nix copy signed by an untrusted key succeeded: %s", out)
	}
	if after := c.storePaths(); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("a refused upload changed the store: %v -> %v", before, after)
	}
	uploaded := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", uniqueTree(t, "upload-ok"))))
	if out, ok := nixRun("nix", "--extra-experimental-features", "nix-command", "copy", "--to", base+"?secret-key="+keyFile, uploaded); !ok {
		t.Fatalf("nix copy --to the node: %s\nnode log:\n%s", out, n.logText())
	}
	if out := c.ok(nil, "store", "dump", uploaded); out != string(nixOut(t, "nix-store", "--dump", uploaded)) {
		t.Errorf("uploaded %s dumps differently from Nix", uploaded)
	}

	// A corrupt NAR with a correctly signed narinfo: refused, store unchanged.
	corrupt := strings.TrimSpace(string(nixOut(t, "nix-store", "--add", uniqueTree(t, "upload-corrupt"))))
	fileCache := t.TempDir()
	nixOut(t, "nix", "--extra-experimental-features", "nix-command", "copy", "--to", "file://"+fileCache+"?compression=none&secret-key="+keyFile, corrupt)
	narinfoPath := filepath.Join(fileCache, filepath.Base(corrupt)[:32]+".narinfo")
	narinfoText, err := os.ReadFile(narinfoPath)
	if err != nil {
		t.Fatal(err)
	}
	narURL := narinfoField(string(narinfoText), "URL")
	narBytes, err := os.ReadFile(filepath.Join(fileCache, narURL))
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(narBytes, []byte("content content"), []byte("CONTENT content"), 1)
	before = c.storePaths()
	if code, msg := httpPut(t, base+"/"+narURL, bad); code != 200 {
		t.Fatalf("staging the NAR: %d %s", code, msg)
	}
	code, msg := httpPut(t, base+"/"+filepath.Base(narinfoPath), narinfoText)
	if code != http.StatusBadRequest || !strings.Contains(msg, "mismatch") {
		t.Errorf("corrupt NAR upload: %d %q, want 400 naming the mismatch", code, msg)
	}
	if after := c.storePaths(); strings.Join(after, " ") != strings.Join(before, " ") {
		t.Errorf("a corrupt upload changed the store: %v -> %v", before, after)
	}
	if ents, _ := os.ReadDir(tvixhome.Dir(data).Uploads()); len(ents) != 0 {
		t.Errorf("%d staged files left after the refused upload", len(ents))
	}
	// The same narinfo with the intact NAR goes in.
	httpPut(t, base+"/"+narURL, narBytes)
	if code, msg := httpPut(t, base+"/"+filepath.Base(narinfoPath), narinfoText); code != 200 {
		t.Errorf("intact upload: %d %s", code, msg)
	}

	// The metrics saw all of this.
	_, metricsText := httpGet(t, base+"/metrics")
	for _, want := range []string{
		`tvix_binary_cache_narinfo_total{result="hit"}`,
		`tvix_binary_cache_narinfo_total{result="miss"}`,
		`tvix_binary_cache_uploads_total{result="accepted"} 2`,
		`tvix_binary_cache_uploads_total{result="refused"} 2`,
		`tvix_http_requests_total{code="206",route="GET /nar/{file}"} 1`,
	} {
		if !strings.Contains(string(metricsText), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// metricValue returns the value of the sample named series (name and
// labels exactly as /metrics prints them) in the node's metrics, 0 when
// absent.
func metricValue(t *testing.T, base, series string) float64 {
	t.Helper()
	_, text := httpGet(t, base+"/metrics")
	for _, line := range strings.Split(string(text), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("/metrics: %q: %v", line, err)
			}
			return f
		}
	}
	return 0
}

// TestBinaryCacheThroughPeer: two tvix-node processes in one private
// network (PSK, --join). A path added on A (with --replicas 1, so A keeps
// it to itself) is served by B's binary cache: the narinfo names the
// same NAR hash, size and references, B signs it, and B's NAR is A's NAR
// byte for byte, and stock Nix substitutes another such path from B. An
// unknown path is a 404 from B within the client's
// timeout, however long a DHT could wait. B's metrics (scraped only
// after the fetch, since store statistics are cached) count the fetch.
func TestBinaryCacheThroughPeer(t *testing.T) {
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, []byte(tvixEnvOK(t, nil, "cluster", "new-psk")), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startClusterNode(t, "--psk-file", pskFile, "--replicas", "1")
	b := startClusterNode(t, "--psk-file", pskFile, "--join", a.addr, "--replicas", "1")
	baseA, baseB := "http://"+a.addr, "http://"+b.addr
	defer func() {
		if t.Failed() {
			t.Logf("A:\n%s\nB:\n%s", a.logText(), b.logText())
		}
	}()
	path := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", uniqueTree(t, "peer-only")))
	hashPart := filepath.Base(path)[:32]
	_, infoA := httpGet(t, baseA+"/"+hashPart+".narinfo")
	_, narA := httpGet(t, baseA+"/"+narinfoField(string(infoA), "URL"))

	var infoB []byte
	waitFor(t, "B serves the narinfo of "+path, func() bool {
		var code int
		code, infoB = httpGet(t, baseB+"/"+hashPart+".narinfo")
		return code == http.StatusOK
	})
	for _, f := range []string{"StorePath", "NarHash", "NarSize", "References"} {
		if got, want := narinfoField(string(infoB), f), narinfoField(string(infoA), f); got != want {
			t.Errorf("B's narinfo %s: %q, A's %q", f, got, want)
		}
	}
	keyB := strings.TrimSpace(mustGet(t, b.addr, "/tvix/public-key"))
	if name, _, _ := strings.Cut(keyB, ":"); !strings.Contains(narinfoField(string(infoB), "Sig"), name+":") {
		t.Errorf("B's narinfo is not signed by B's key %s:\n%s", name, infoB)
	}
	code, narB := httpGet(t, baseB+"/"+narinfoField(string(infoB), "URL"))
	if code != http.StatusOK || !bytes.Equal(narB, narA) {
		t.Errorf("B's NAR: status %d, %d bytes, A's %d bytes, equal %v", code, len(narB), len(narA), bytes.Equal(narB, narA))
	}

	// Nobody has this path: a 404, long before the p2p layer's
	// per-provider timeout (the client gives up earlier than that).
	client := &http.Client{Timeout: p2p.DefaultProviderTimeout - time.Second}
	start := time.Now()
	resp, err := client.Get(baseB + "/" + strings.Repeat("1", 32) + ".narinfo")
	if err != nil {
		t.Fatalf("unknown narinfo from B: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown narinfo from B: %d, want 404", resp.StatusCode)
	}
	t.Logf("unknown narinfo: 404 after %v", time.Since(start))

	// Stock Nix substitutes another path only A has from B.
	t.Run("nix-store -r from B", func(t *testing.T) {
		nixtest.RequireNix(t, "nix-store")
		nixtest.RequireRoot(t)
		other := strings.TrimSpace(tvixEnvOK(t, nil, "--node", a.addr, "store", "add", uniqueTree(t, "peer-only-nix")))
		nixDelete(t, other)
		defer nixDelete(t, other)
		if out, ok := nixRun("nix-store", "-r", other, "--option", "substituters", baseB, "--option", "trusted-public-keys", keyB); !ok {
			t.Fatalf("nix-store -r %s from B: %s", other, out)
		}
		if out, ok := nixRun("nix-store", "--verify-path", other); !ok {
			t.Errorf("nix-store --verify-path %s: %s", other, out)
		}
	})

	for series, atLeast := range map[string]float64{
		`tvix_binary_cache_narinfo_total{result="peer"}`: 1,
		`tvix_binary_cache_narinfo_total{result="miss"}`: 1,
		`tvix_dht_lookups_total{result="found"}`:         1,
		`tvix_dht_lookups_total{result="none"}`:          1,
		`tvix_dht_lookup_seconds_count`:                  2,
		`tvix_store_paths`:                               1,
		`tvix_p2p_peers`:                                 1,
		`tvix_p2p_received_bytes_total`:                  float64(len(narA) / 2),
	} {
		if got := metricValue(t, baseB, series); got < atLeast {
			t.Errorf("B's /metrics: %s = %v, want at least %v", series, got, atLeast)
		}
	}
}
