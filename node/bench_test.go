package node

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// benchNode starts an in-process node with a memory store holding one path
// with a file of size bytes, and returns its base URL and the path's hash.
func benchNode(b *testing.B, size int) (string, string) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n, err := New(ctx, Config{DataDir: b.TempDir(), APIListen: "127.0.0.1:0", StoreURL: "memory:", NoMDNS: true})
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	dir := filepath.Join(b.TempDir(), "bench")
	os.MkdirAll(dir, 0o755)
	content := make([]byte, size)
	rand.Read(content)
	os.WriteFile(filepath.Join(dir, "blob"), content, 0o644)
	info, err := nar.AddPath(ctx, n.store, nixpath.DefaultStoreDir, dir)
	if err != nil {
		b.Fatal(err)
	}
	return "http://" + n.APIAddr().String(), string(store.NodeName(info.Node))[:32]
}

func get(b *testing.B, client *http.Client, url string, want int) int64 {
	resp, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	k, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Fatalf("%s: %d, want %d", url, resp.StatusCode, want)
	}
	return k
}

// BenchmarkNARInfo measures narinfo requests (8 connections in parallel)
// for a stored path (signed on the fly) and for an unknown one.
func BenchmarkNARInfo(b *testing.B) {
	base, hash := benchNode(b, 1000)
	for _, c := range []struct {
		name, hash string
		code       int
	}{{"hit", hash, 200}, {"miss", strings.Repeat("1", 32), 404}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
				for pb.Next() {
					get(b, client, base+"/"+c.hash+".narinfo", c.code)
				}
			})
		})
	}
}

// BenchmarkNAR measures streaming a 64 MiB NAR, uncompressed and zstd.
func BenchmarkNAR(b *testing.B) {
	base, hash := benchNode(b, 64<<20)
	resp, err := http.Get(base + "/" + hash + ".narinfo")
	if err != nil {
		b.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var url string
	for _, line := range bytes.Split(text, []byte("\n")) {
		if u, ok := bytes.CutPrefix(line, []byte("URL: ")); ok {
			url = base + "/" + string(u)
		}
	}
	for _, ext := range []string{"", ".zst"} {
		b.Run("ext="+ext, func(b *testing.B) {
			var total int64
			for b.Loop() {
				total += get(b, http.DefaultClient, url+ext, 200)
			}
			b.SetBytes(total / int64(b.N))
		})
	}
}
