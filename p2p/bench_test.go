package p2p

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/storetest"
)

// benchMiB reads a size in MiB from the environment (bench/p2p.sh sets
// them), with a default small enough for `make bench`.
func benchMiB(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMeter adds up the CPU time of the timed parts of a benchmark: on a
// loaded machine the bytes moved per CPU-second compare implementations
// better than wall time.
type cpuMeter struct {
	total time.Duration
	start time.Duration
}

func (m *cpuMeter) begin() { m.start = cpuTime() }
func (m *cpuMeter) end()   { m.total += cpuTime() - m.start }

// report adds MB per CPU-second for bytes moved per op.
func (m *cpuMeter) report(b *testing.B, bytes int) {
	if m.total > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/1e6/m.total.Seconds(), "MB/cpu-s")
	}
}

// benchSecurity are the two settings a cluster runs with: libp2p's
// default security (TLS 1.3 preferred) and the same inside a PSK network.
var benchSecurity = []struct {
	name string
	psk  bool
}{{"tls", false}, {"tls+psk", true}}

func benchConfig(b *testing.B, psk *PSK) Config {
	cfg := testConfig(b)
	cfg.PSK = psk
	return cfg
}

// makeClosure stores a directory of many small files and one large file
// totalling about size bytes, and a signed PathInfo for it.
func makeClosure(b *testing.B, st *store.Store, sk nixsig.SecretKey, size int) *storev1.PathInfo {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	large := size / 2
	var files []*castorev1.FileNode
	for i, left := 0, size-large; left > 0; i++ {
		n := min(left, 4<<10+r.IntN(60<<10))
		left -= n
		d, _, err := st.Blobs.Put(ctx, bytes.NewReader(storetest.RandomBytes(r, n)))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, &castorev1.FileNode{Name: []byte(fmt.Sprintf("f%06d", i)), Digest: d[:], Size: uint64(n)})
	}
	d, _, err := st.Blobs.Put(ctx, bytes.NewReader(storetest.RandomBytes(r, large)))
	if err != nil {
		b.Fatal(err)
	}
	files = append(files, &castorev1.FileNode{Name: []byte("zz-large"), Digest: d[:], Size: uint64(large)})
	dir := &castorev1.Directory{Files: files}
	root, err := storetest.PutDirectories(ctx, st, dir)
	if err != nil {
		b.Fatal(err)
	}
	info, _ := storetest.MakePathInfo(r, "closure", &castorev1.Node{Node: &castorev1.Node_Directory{Directory: &castorev1.DirectoryNode{
		Name: []byte("x"), Digest: root[:], Size: store.DirectorySize(dir),
	}}})
	info.Narinfo.Signatures = nil
	if err := nixsig.Sign(nixpath.DefaultStoreDir, sk, info); err != nil {
		b.Fatal(err)
	}
	if _, err := st.PathInfos.Put(ctx, info); err != nil {
		b.Fatal(err)
	}
	return info
}

// BenchmarkFetchClosure fetches a closure (many small files and one large
// one; TVIX_BENCH_CLOSURE_MIB, default 64) from one peer into an empty
// store, next to BenchmarkBareStream moving as many bytes.
func BenchmarkFetchClosure(b *testing.B) {
	size := benchMiB("TVIX_BENCH_CLOSURE_MIB", 64) << 20
	for _, sec := range benchSecurity {
		b.Run(sec.name, func(b *testing.B) {
			var psk *PSK
			if sec.psk {
				k, _ := NewPSK()
				psk = &k
			}
			sk, pk, _ := nixsig.GenerateKey("bench-1")
			cfg := benchConfig(b, psk)
			src, srcStore := startNode(b, cfg)
			info := makeClosure(b, srcStore, sk, size)
			h, _ := store.ValidatePathInfo(info)
			if err := src.Announce(ctxT(b), info); err != nil { // a lone node keeps its records
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			var cpu cpuMeter
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				cfg := benchConfig(b, psk)
				cfg.Bootstrap = src.Addrs()
				cfg.TrustedKeys = []nixsig.PublicKey{pk}
				dst, _ := startNode(b, cfg)
				eventually(b, "routing table", func() bool { return dst.dht.RoutingTable().Size() > 0 })
				// The source announces its blobs once it has a peer: let that
				// finish, so that the fetch is measured alone.
				if err := src.WaitAnnounced(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				cpu.begin()
				if _, err := dst.Store().PathInfos.Get(context.Background(), h); err != nil {
					b.Fatal(err)
				}
				cpu.end()
				b.StopTimer()
				dst.Close()
				b.StartTimer()
			}
			cpu.report(b, size)
		})
	}
}

// BenchmarkBareStream sends TVIX_BENCH_CLOSURE_MIB over one libp2p stream
// between two hosts configured as the nodes are: the ceiling for fetches.
func BenchmarkBareStream(b *testing.B) {
	size := benchMiB("TVIX_BENCH_CLOSURE_MIB", 64) << 20
	const proto = protocol.ID("/tvix/bench-bare/1.0.0")
	for _, sec := range benchSecurity {
		b.Run(sec.name, func(b *testing.B) {
			var psk *PSK
			if sec.psk {
				k, _ := NewPSK()
				psk = &k
			}
			src, _ := startNode(b, benchConfig(b, psk))
			dst, _ := startNode(b, benchConfig(b, psk))
			buf := make([]byte, 256<<10)
			src.Host().SetStreamHandler(proto, func(s network.Stream) {
				defer s.Close()
				for left := size; left > 0; left -= len(buf) {
					if _, err := s.Write(buf[:min(left, len(buf))]); err != nil {
						return
					}
				}
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			if err := dst.Connect(ctx, src.Addrs()[0]); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			var cpu cpuMeter
			b.ResetTimer()
			for range b.N {
				cpu.begin()
				s, err := dst.Host().NewStream(ctx, src.ID(), proto)
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, s)
				s.Close()
				if err != nil || n != int64(size) {
					b.Fatalf("received %d bytes: %v", n, err)
				}
				cpu.end()
			}
			cpu.report(b, size)
		})
	}
}

// BenchmarkRefetchAfterChange fetches a file (TVIX_BENCH_REFETCH_MIB,
// default 100) whose previous version, differing by 1% in the middle, is
// already local, and reports the bytes moved as a share of the file.
func BenchmarkRefetchAfterChange(b *testing.B) {
	size := benchMiB("TVIX_BENCH_REFETCH_MIB", 100) << 20
	r := rand.New(rand.NewPCG(3, 4))
	old := storetest.RandomBytes(r, size)
	changed := bytes.Clone(old)
	copy(changed[size/2:], storetest.RandomBytes(r, size/100))
	sk, pk, _ := nixsig.GenerateKey("bench-1")
	src, srcStore := startNode(b, testConfig(b))
	info := putFilePath(b, srcStore, r, "changed", changed, &sk)
	if err := src.Announce(ctxT(b), info); err != nil {
		b.Fatal(err)
	}
	h, _ := store.ValidatePathInfo(info)
	var chunkBytes, wireBytes uint64
	for range b.N {
		b.StopTimer()
		cfg := testConfig(b)
		cfg.Bootstrap = src.Addrs()
		cfg.TrustedKeys = []nixsig.PublicKey{pk}
		dst, dstStore := startNode(b, cfg)
		if _, _, err := dstStore.Blobs.Put(context.Background(), bytes.NewReader(old)); err != nil {
			b.Fatal(err)
		}
		eventually(b, "routing table", func() bool { return dst.dht.RoutingTable().Size() > 0 })
		b.StartTimer()
		if _, err := dst.Store().PathInfos.Get(context.Background(), h); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		chunkBytes += dst.fetched.Load()
		wireBytes += dst.Received()
		dst.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(chunkBytes)/float64(b.N), "chunk-bytes/op")
	b.ReportMetric(100*float64(wireBytes)/float64(b.N)/float64(size), "%received")
}

// BenchmarkFindProviders looks up providers on a 20-node loopback
// cluster: 100 keys announced by one node, each looked up from every
// other node; reports the median and 90th percentile.
func BenchmarkFindProviders(b *testing.B) {
	nodes, _ := startCluster(b, 20, nil)
	for _, nd := range nodes {
		eventually(b, "routing tables", func() bool { return nd.dht.RoutingTable().Size() >= 10 })
	}
	const keys = 100
	var cids []store.Digest
	for i := range keys {
		d := store.DigestOf([]byte(fmt.Sprint("key", i)))
		cids = append(cids, d)
		nodes[0].prov.add(context.Background(), BlobCID(d))
	}
	if err := nodes[0].WaitAnnounced(ctxT(b)); err != nil {
		b.Fatal(err)
	}
	// With 20 nodes and the DHT's bucket size of 20, every node holds every
	// record: "first" (count 1) answers from the local record store, as a
	// LAN cluster of up to 20 nodes does. "complete" (count maxProviders,
	// as a fetch asks) must finish the network lookup.
	for _, mode := range []struct {
		name  string
		count int
	}{{"first", 1}, {"complete", maxProviders}} {
		b.Run(mode.name, func(b *testing.B) {
			var lat []time.Duration
			for i := range b.N {
				for j, d := range cids {
					nd := nodes[1+(i*keys+j)%(len(nodes)-1)]
					start := time.Now()
					got := nd.FindProviders(context.Background(), BlobCID(d), mode.count)
					lat = append(lat, time.Since(start))
					if len(got) != 1 || got[0].ID != nodes[0].ID() {
						b.Fatalf("providers of key %d: %v", j, got)
					}
				}
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "p90-ms")
		})
	}
}
