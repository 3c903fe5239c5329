package builder_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
)

// recordingBuilder "builds" by writing each output as a file holding the
// output path, records the order of builds and the peak concurrency,
// and fails builds whose command is "fail".
type recordingBuilder struct {
	st *store.Store

	mu      sync.Mutex
	order   []string
	running int
	peak    int
}

func (r *recordingBuilder) Build(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error) {
	r.mu.Lock()
	r.running++
	r.peak = max(r.peak, r.running)
	r.order = append(r.order, req.Outputs[0])
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.running--
		r.mu.Unlock()
	}()
	if strings.Contains(req.Outputs[0], "-leaf-") {
		// Leaves wait (boundedly) for a second leaf to run beside them,
		// so that a scheduler running one build at a time shows.
		for deadline := time.Now().Add(10 * time.Second); r.peakSoFar() < 2 && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if req.CommandArgs[0] == "fail" {
		return nil, &builder.Error{Reason: builder.ExitStatus, ExitCode: 1, Message: "failed with exit code 1"}
	}
	res := &buildv1.Build{BuildRequest: req}
	for _, o := range req.Outputs {
		base := o[len("nix/store/"):]
		d, n, err := r.st.Blobs.Put(ctx, strings.NewReader("/"+o))
		if err != nil {
			return nil, err
		}
		res.Outputs = append(res.Outputs, &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte(base), Digest: d[:], Size: n}}})
		res.OutputsNeedles = append(res.OutputsNeedles, &buildv1.Build_OutputNeedles{})
		res.OutputsNar = append(res.OutputsNar, &buildv1.Build_OutputNAR{NarSize: 1, NarSha256: make([]byte, 32)})
	}
	return res, nil
}

func (r *recordingBuilder) peakSoFar() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peak
}

// addDrv writes a derivation with the given inputs into st and returns
// its path.
func addDrv(t *testing.T, st *store.Store, h *derivation.Hasher, modulo derivation.ModuloMap, name, builderCmd string, inputs ...string) string {
	t.Helper()
	d := &derivation.Derivation{
		Name: name, Platform: "x86_64-linux", Builder: builderCmd,
		Outputs:   map[string]derivation.Output{"out": {}},
		InputDrvs: map[string][]string{},
		Env:       map[string]string{"name": name},
	}
	for _, in := range inputs {
		d.InputDrvs[in] = []string{"out"}
	}
	inst, err := h.Instantiate(d, modulo.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	modulo[inst.DrvPath] = inst.Modulo
	sp, _ := nixpath.DefaultStoreDir.Parse(inst.DrvPath)
	dg, n, err := st.Blobs.Put(context.Background(), strings.NewReader(string(inst.ATerm)))
	if err != nil {
		t.Fatal(err)
	}
	info := &storev1.PathInfo{
		Node:    &castorev1.Node{Node: &castorev1.Node_File{File: &castorev1.FileNode{Name: []byte(sp.Base()), Digest: dg[:], Size: n}}},
		Narinfo: &storev1.NARInfo{NarSha256: make([]byte, 32)},
	}
	for _, ref := range inst.References {
		rsp, _ := nixpath.DefaultStoreDir.Parse(ref)
		info.References = append(info.References, rsp.Hash[:])
		info.Narinfo.ReferenceNames = append(info.Narinfo.ReferenceNames, rsp.Base())
	}
	if _, err := st.PathInfos.Put(context.Background(), info); err != nil {
		t.Fatal(err)
	}
	return inst.DrvPath
}

// newClosureStore is an empty store and what addDrv needs besides.
func newClosureStore(t *testing.T) (*store.Store, *derivation.Hasher, derivation.ModuloMap) {
	h, err := derivation.NewHasher("/nix/store")
	if err != nil {
		t.Fatal(err)
	}
	return store.NewMemoryStore(), h, derivation.ModuloMap{}
}

func TestBuildClosureOrderParallelismAndFailures(t *testing.T) {
	st, h, modulo := newClosureStore(t)
	var leaves []string
	for i := 0; i < 6; i++ {
		leaves = append(leaves, addDrv(t, st, h, modulo, fmt.Sprintf("leaf-%d", i), "/bin/true"))
	}
	top := addDrv(t, st, h, modulo, "top", "/bin/true", leaves...)
	rb := &recordingBuilder{st: st}
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{Store: st, Builder: rb})
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.BuildClosure(context.Background(), []string{top}, builder.ClosureOptions{Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 7 || res[6].DrvPath != top || !res[6].Built {
		t.Fatalf("results %v", res)
	}
	if rb.peak < 2 || rb.peak > 3 {
		t.Errorf("peak concurrency %d, want 2..3 with 3 jobs and 6 independent leaves", rb.peak)
	}
	if last := rb.order[len(rb.order)-1]; last[len("nix/store/")+33:] != "top" {
		t.Errorf("top was not built last: %v", rb.order)
	}
	// Everything is built now: nothing runs again.
	n := len(rb.order)
	if _, err := db.BuildClosure(context.Background(), []string{top}, builder.ClosureOptions{Jobs: 3}); err != nil || len(rb.order) != n {
		t.Errorf("second closure build ran %d builds (err %v)", len(rb.order)-n, err)
	}

	// A failing input: its dependent is skipped; with KeepGoing the
	// independent sibling is still built.
	bad := addDrv(t, st, h, modulo, "bad", "fail")
	good := addDrv(t, st, h, modulo, "good", "/bin/true")
	top2 := addDrv(t, st, h, modulo, "top2", "/bin/true", bad, good)
	_, err = db.BuildClosure(context.Background(), []string{top2}, builder.ClosureOptions{Jobs: 1, KeepGoing: true})
	var ce *builder.ClosureError
	if !errors.As(err, &ce) || len(ce.Failed) != 1 || len(ce.Skipped) != 1 || ce.Skipped[0] != top2 {
		t.Fatalf("err = %#v", err)
	}
	if !errors.Is(err, builder.ErrBuildFailed) {
		t.Errorf("closure error does not wrap the build failure: %v", err)
	}
	if valid, _ := db.BuildClosure(context.Background(), []string{good}, builder.ClosureOptions{}); len(valid) != 1 || valid[0].Built {
		t.Errorf("good was not built during the keep-going run: %v", valid)
	}
}

// gatedPathInfos holds up registering the first build's outputs until
// the builder has run a second build (or 10 s have passed).
type gatedPathInfos struct {
	store.PathInfoService
	rb      *recordingBuilder
	mu      sync.Mutex
	gated   bool // the first build's outputs came
	overlap bool // a second build started while they were registered
}

func (g *gatedPathInfos) Put(ctx context.Context, info *storev1.PathInfo) (*storev1.PathInfo, error) {
	g.mu.Lock()
	first := !g.gated && !strings.HasSuffix(string(store.NodeName(info.GetNode())), ".drv")
	g.gated = g.gated || first
	g.mu.Unlock()
	if first {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			g.rb.mu.Lock()
			n := len(g.rb.order)
			g.rb.mu.Unlock()
			if n >= 2 {
				g.mu.Lock()
				g.overlap = true
				g.mu.Unlock()
				break
			}
		}
	}
	return g.PathInfoService.Put(ctx, info)
}

// TestBuildClosureFreesSlotBeforeRegistering: with one job, the second
// build starts while the first one's outputs are registered, as in Nix,
// and their dependent only after both are registered.
func TestBuildClosureFreesSlotBeforeRegistering(t *testing.T) {
	st, h, modulo := newClosureStore(t)
	a := addDrv(t, st, h, modulo, "a", "/bin/true")
	b := addDrv(t, st, h, modulo, "b", "/bin/true")
	top := addDrv(t, st, h, modulo, "top", "/bin/true", a, b)
	rb := &recordingBuilder{st: st}
	gated := &gatedPathInfos{PathInfoService: st.PathInfos, rb: rb}
	gst := *st
	gst.PathInfos = gated
	rb.st = &gst
	db, err := builder.NewDrvBuilder(builder.DrvBuilderOptions{Store: &gst, Builder: rb})
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.BuildClosure(context.Background(), []string{top}, builder.ClosureOptions{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || !res[2].Built || rb.peak != 1 {
		t.Fatalf("results %v, peak concurrency %d", res, rb.peak)
	}
	if !gated.overlap {
		t.Errorf("no build started while outputs were registered: the slot was held (order %v)", rb.order)
	}
}
