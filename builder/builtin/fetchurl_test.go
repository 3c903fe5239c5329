package builtin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/store"
)

// fetchRequest is the request of a flat fetchurl of u into out.
func fetchRequest(u, content string) *buildv1.BuildRequest {
	sum := sha256.Sum256([]byte(content))
	out := "nix/store/rshddbyf2d9m8bcillsar2dwbssna8a0-hello.txt"
	env := map[string]string{"out": "/" + out, "url": u, "outputHashMode": "flat", "outputHashAlgo": "sha256", "outputHash": hex.EncodeToString(sum[:])}
	req := &buildv1.BuildRequest{CommandArgs: []string{"builtin:fetchurl"}, InputsDir: "nix/store", Outputs: []string{out}}
	for k, v := range env {
		req.EnvironmentVars = append(req.EnvironmentVars, &buildv1.BuildRequest_EnvVar{Key: k, Value: []byte(v)})
	}
	return req
}

func readOutput(t *testing.T, st *store.Store, b *buildv1.Build) string {
	t.Helper()
	d, _ := store.DigestFromBytes(b.Outputs[0].GetFile().Digest)
	r, err := st.Blobs.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	return string(data)
}

// TestFetchurlThroughProxy: a download goes through the configured proxy.
func TestFetchurlThroughProxy(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host != "upstream.invalid" {
			http.Error(w, "unexpected "+r.URL.String(), http.StatusBadGateway)
			return
		}
		proxied.Add(1)
		io.WriteString(w, "via the proxy\n")
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	st := store.NewMemoryStore()
	opts := Options{Blobs: st.Blobs, Directories: st.Directories, Proxy: http.ProxyURL(pu)}
	b, err := Run(context.Background(), fetchRequest("http://upstream.invalid/hello.txt", "via the proxy\n"), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := readOutput(t, st, b); got != "via the proxy\n" || proxied.Load() != 1 {
		t.Fatalf("output %q after %d proxied requests", got, proxied.Load())
	}
}

// TestFetchurlHashedMirror: a flat fetch tries the hashed mirror first.
func TestFetchurlHashedMirror(t *testing.T) {
	content := "from the mirror\n"
	sum := sha256.Sum256([]byte(content))
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.Path)
		if r.URL.Path == "/mirror/sha256/"+hex.EncodeToString(sum[:]) {
			io.WriteString(w, content)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	st := store.NewMemoryStore()
	opts := Options{Blobs: st.Blobs, Directories: st.Directories, HashedMirrors: []string{srv.URL + "/mirror"}}
	b, err := Run(context.Background(), fetchRequest(srv.URL+"/original", content), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := readOutput(t, st, b); got != content || len(asked) != 1 {
		t.Fatalf("output %q, requests %v", got, asked)
	}
}

// TestFetchurlTruncated: a body shorter than its Content-Length fails.
func TestFetchurlTruncated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "short")
	}))
	defer srv.Close()
	st := store.NewMemoryStore()
	_, err := Run(context.Background(), fetchRequest(srv.URL+"/x", "short"), Options{Blobs: st.Blobs, Directories: st.Directories}, nil)
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/x") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %v, want one line naming the URL", err)
	}
}
