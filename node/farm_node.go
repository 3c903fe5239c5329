package node

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/builder/oci"
	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/nodev1"
	"github.com/p2pnix/tvix/store"
)

// joinGossipTimeout bounds learning and joining the gossip address of the
// --join nodes.
const joinGossipTimeout = 30 * time.Second

// defaultGossipListen is the --gossip-listen default, given --api-listen
// and the address it bound: the API's host, on a free port when the API's
// was 0 (tests), else on the port two after the API's (the one after is
// libp2p's).
func defaultGossipListen(api string, bound net.Addr) string {
	host, port, err := net.SplitHostPort(api)
	if err != nil {
		return "127.0.0.1:0"
	}
	if host == "" {
		host = "0.0.0.0"
	}
	p, err := strconv.Atoi(port)
	if err != nil || p == 0 {
		return net.JoinHostPort(host, "0")
	}
	if ta, ok := bound.(*net.TCPAddr); ok {
		p = ta.Port
	}
	return net.JoinHostPort(host, strconv.Itoa(p+2))
}

// hostSystem is this machine's Nix system string.
func hostSystem() string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686", "riscv64": "riscv64"}[runtime.GOARCH]
	return arch + "-" + runtime.GOOS
}

// startFarm starts the build farm: the OCI builder (when this process may
// run it), the gossip member and the coordinator's driver, and registers
// NodeService on the gRPC server.
func (n *Node) startFarm() error {
	slots := n.cfg.MaxBuilds
	if slots == 0 {
		slots = runtime.NumCPU()
	}
	var sandbox builder.Builder
	if slots > 0 {
		b, err := oci.New(oci.Options{Dir: tvixhome.Dir(n.cfg.DataDir).Builder(), Blobs: n.store.Blobs, Directories: n.store.Directories})
		if err != nil {
			n.log.Warn("farm: this node will not build", "err", err)
			fmt.Fprintf(n.cfg.Log, "tvix-node: not building here: %v\n", err)
			slots = 0
		} else {
			sandbox = b
			n.drvs, err = builder.NewDrvBuilder(builder.DrvBuilderOptions{
				Store: n.store, StoreDir: n.dir, Builder: b, SigningKey: &n.key,
				Request: builder.RequestOptions{Cores: max(runtime.NumCPU()/slots, 1)},
				Log:     n.buildLog,
			})
			if err != nil {
				closeSandbox(b)
				return fmt.Errorf("node: %w", err)
			}
		}
	}
	if slots < 0 {
		slots = 0
	}
	listen := n.cfg.GossipListen
	if listen == "" {
		listen = defaultGossipListen(n.cfg.APIListen, n.APIAddr())
	}
	var psk []byte
	if n.cfg.PSKFile != "" {
		k, err := p2p.ReadPSKFile(n.cfg.PSKFile)
		if err != nil {
			closeSandbox(sandbox)
			return fmt.Errorf("node: --psk-file: %w", err)
		}
		psk = k[:]
	}
	var trusted []string
	if n.cfg.NoClusterTrust {
		for _, k := range n.trusted {
			trusted = append(trusted, keyName(k.String()))
		}
	}
	f, err := newFarm(farmConfig{
		Self: n.P2PID(), APIAddr: n.APIAddr().String(), Listen: listen, PSK: psk,
		Systems: []string{hostSystem()}, Slots: slots,
		SigningKey: n.PublicKey(), KeyName: keyName(n.PublicKey()), Trusted: trusted, Logger: n.log,
	}, farmDeps{
		lookup: n.farmLookup, fetch: n.farmFetch, build: n.farmBuild,
		published: n.p2p.WaitAnnounced, loadJobs: n.loadJobs,
	})
	if err != nil {
		closeSandbox(sandbox)
		return err
	}
	f.sandbox = sandbox
	n.farm = f
	n.SetStatusSource(farmStatus{f})
	n.p2p.Host().SetStreamHandler(GossipAddrProtocol, serveGossipAddr(f))
	go n.discoverGossip(f)
	if len(n.cfg.Join) > 0 {
		go n.joinGossip(n.cfg.Join)
	}
	return nil
}

// registerFarm serves NodeService on the gRPC server.
func (n *Node) registerFarm() {
	nodev1.RegisterNodeServiceServer(n.server, &buildAPI{f: n.farm, apiAddr: func() string { return n.APIAddr().String() }})
}

// joinGossip asks each --join node for its gossip address (NodeService
// Status) and joins it, retrying for joinGossipTimeout.
func (n *Node) joinGossip(apis []string) {
	ctx, cancel := context.WithTimeout(n.farm.ctx, joinGossipTimeout)
	defer cancel()
	for _, api := range apis {
		for {
			err := n.joinGossipOnce(ctx, api)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				n.log.Warn("farm: join", "node", api, "err", err)
				fmt.Fprintf(n.cfg.Log, "tvix-node: --join %s: gossip: %v\n", api, err)
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
}

func (n *Node) joinGossipOnce(ctx context.Context, api string) error {
	c, err := nodeclient.DialBuildClient(api)
	if err != nil {
		return err
	}
	defer c.Close()
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	st, err := c.Status(sctx)
	if err != nil {
		return err
	}
	if st.GossipAddr == "" {
		return errors.New("no gossip address")
	}
	return n.farm.Join([]string{st.GossipAddr})
}

// hashOf parses a store path into its hash part.
func (n *Node) hashOf(p string) ([store.StorePathHashSize]byte, error) {
	sp, err := n.dir.Parse(p)
	if err != nil {
		return [store.StorePathHashSize]byte{}, err
	}
	return sp.Hash, nil
}

// farmLookup looks outputs up in the local shard, then asks the DHT who
// provides them.
func (n *Node) farmLookup(ctx context.Context, outputs []string) (bool, string, error) {
	hs := make([][store.StorePathHashSize]byte, len(outputs))
	local := true
	for i, o := range outputs {
		h, err := n.hashOf(o)
		if err != nil {
			return false, "", err
		}
		hs[i] = h
		if local {
			_, err := n.local.PathInfos.Get(ctx, h)
			if errors.Is(err, store.ErrNotFound) {
				local = false
			} else if err != nil {
				return false, "", err
			}
		}
	}
	if local || len(n.p2p.Peers()) == 0 {
		return local, "", nil
	}
	at := ""
	for _, h := range hs {
		ps := n.p2p.FindProviders(ctx, p2p.StorePathCID(h), 1)
		if len(ps) == 0 {
			return false, "", ctx.Err()
		}
		if at == "" {
			at = ps[0].ID.String()
		}
	}
	return false, at, nil
}

// farmFetch copies outputs and their closure from peers.
func (n *Node) farmFetch(ctx context.Context, outputs []string) error {
	var hs [][store.StorePathHashSize]byte
	for _, o := range outputs {
		h, err := n.hashOf(o)
		if err != nil {
			return err
		}
		hs = append(hs, h)
	}
	_, err := n.p2p.FetchClosure(ctx, hs...)
	return err
}

// farmBuild builds drvPath with the OCI builder; inputs missing here are
// fetched from peers by the p2p store.
func (n *Node) farmBuild(ctx context.Context, drvPath string, log func([]byte)) (bool, error) {
	if n.drvs == nil {
		return false, errors.New("this node does not build")
	}
	lw := &lineWriter{fn: log}
	n.buildLogs.Store(drvPath, lw)
	defer func() {
		n.buildLogs.Delete(drvPath)
		lw.flush()
	}()
	res, err := n.drvs.BuildDerivation(ctx, drvPath)
	if err != nil {
		return false, err
	}
	return res.Built, nil
}

// buildLog is DrvBuilderOptions.Log: the writer farmBuild registered.
func (n *Node) buildLog(drvPath string) io.Writer {
	if w, ok := n.buildLogs.Load(drvPath); ok {
		return w.(*lineWriter)
	}
	return nil
}

// loadJobs reads the derivation closure of roots from the store.
func (n *Node) loadJobs(ctx context.Context, roots []string) ([]coordinator.Job, map[string]string, error) {
	var jobs []coordinator.Job
	names := map[string]string{}
	seen := map[string]bool{}
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		drv, err := builder.LoadDerivation(ctx, n.store, n.dir, p)
		if err != nil {
			return nil, nil, err
		}
		j := coordinator.Job{Drv: p, System: drv.Platform, Features: strings.Fields(drv.Env["requiredSystemFeatures"])}
		for in := range drv.InputDrvs {
			j.Inputs = append(j.Inputs, in)
			queue = append(queue, in)
		}
		sort.Strings(j.Inputs)
		for name, o := range drv.Outputs {
			j.Outputs = append(j.Outputs, o.Path)
			names[o.Path] = name
		}
		sort.Strings(j.Outputs)
		jobs = append(jobs, j)
	}
	return jobs, names, nil
}

// lineWriter calls fn with every complete line written to it. Safe for
// concurrent use.
type lineWriter struct {
	mu  sync.Mutex
	buf []byte
	fn  func([]byte)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.fn(append([]byte(nil), w.buf[:i]...))
		w.buf = w.buf[i+1:]
	}
	if len(w.buf) > 64<<10 { // an endless line: pass it on in pieces
		w.fn(append([]byte(nil), w.buf...))
		w.buf = w.buf[:0]
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) > 0 {
		w.fn(w.buf)
		w.buf = nil
	}
}

// keyName is the name part of a Nix key "name:base64".
func keyName(k string) string {
	name, _, _ := strings.Cut(k, ":")
	return name
}

// closeSandbox closes the OCI builder when it holds a helper process.
func closeSandbox(b builder.Builder) {
	if c, ok := b.(io.Closer); ok {
		c.Close()
	}
}
