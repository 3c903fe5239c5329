package builder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/p2pnix/tvix/builder/buildprof"
	"github.com/p2pnix/tvix/builder/builtin"
	"github.com/p2pnix/tvix/proto/buildv1"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
)

// DrvBuilderOptions configure a DrvBuilder.
type DrvBuilderOptions struct {
	// Store holds the .drv files and their inputs, and receives outputs.
	Store    *store.Store
	StoreDir nixpath.StoreDir
	// Builder runs the builds (the OCI sandbox, a remote builder).
	Builder Builder
	// SigningKey signs every output's PathInfo when not nil.
	SigningKey *nixsig.SecretKey
	// Request holds cores and limits for every build.
	Request RequestOptions
	// Log returns where the log of the build of drvPath goes; nil, or a
	// nil writer, discards it.
	Log func(drvPath string) io.Writer
	// Progress, when set, is called as builds start and end, from the
	// goroutine running the build.
	Progress func(Event)
	// Builtins configures the built-in builders (builtin:fetchurl...),
	// which run in this process; its Blobs and Directories are Store's.
	Builtins builtin.Options
}

// Event reports the progress of one derivation in BuildClosure.
type Event struct {
	DrvPath string
	// Started is set when the build begins; otherwise it has ended, with
	// Err nil on success.
	Started bool
	Err     error
}

// Result is the outcome of one derivation.
type Result struct {
	DrvPath string
	// Outputs maps output names to absolute store paths.
	Outputs map[string]string
	// Built is false when every output was already in the store.
	Built    bool
	Duration time.Duration
}

// DrvBuilder builds derivations whose .drv files, input sources and
// input derivations' outputs are in a store. It is safe for concurrent
// use.
type DrvBuilder struct {
	opts DrvBuilderOptions

	mu   sync.Mutex
	drvs map[string]*derivation.Derivation
}

// NewDrvBuilder returns a DrvBuilder.
func NewDrvBuilder(opts DrvBuilderOptions) (*DrvBuilder, error) {
	if opts.Store == nil || opts.Builder == nil {
		return nil, errors.New("drv builder: Store and Builder are required")
	}
	if opts.StoreDir == "" {
		opts.StoreDir = nixpath.DefaultStoreDir
	}
	if opts.Request.StoreDir == "" {
		opts.Request.StoreDir = opts.StoreDir
	}
	return &DrvBuilder{opts: opts, drvs: map[string]*derivation.Derivation{}}, nil
}

// Derivation returns the parsed .drv at drvPath, read once.
func (d *DrvBuilder) Derivation(ctx context.Context, drvPath string) (*derivation.Derivation, error) {
	d.mu.Lock()
	drv, ok := d.drvs[drvPath]
	d.mu.Unlock()
	if ok {
		return drv, nil
	}
	drv, err := LoadDerivation(ctx, d.opts.Store, d.opts.StoreDir, drvPath)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.drvs[drvPath] = drv
	d.mu.Unlock()
	return drv, nil
}

// outputsValid reports whether every output of drv is in the store.
func (d *DrvBuilder) outputsValid(ctx context.Context, drv *derivation.Derivation) (bool, error) {
	for _, o := range drv.Outputs {
		sp, err := d.opts.StoreDir.Parse(o.Path)
		if err != nil {
			return false, err
		}
		if _, err := d.opts.Store.PathInfos.Get(ctx, sp.Hash); errors.Is(err, store.ErrNotFound) {
			return false, nil
		} else if err != nil {
			return false, err
		}
	}
	return true, nil
}

// BuildDerivation builds drvPath unless its outputs are already in the
// store. Its inputs must be in the store (BuildClosure builds them
// first). A failed build returns a *Error in Nix's wording.
func (d *DrvBuilder) BuildDerivation(ctx context.Context, drvPath string) (*Result, error) {
	return d.buildDerivation(ctx, drvPath, false, RequestOptions{}, nil)
}

// BuildDerivationWith is BuildDerivation with the non-zero Cores, Timeout
// and MaxSilent of o in place of the DrvBuilder's.
func (d *DrvBuilder) BuildDerivationWith(ctx context.Context, drvPath string, o RequestOptions) (*Result, error) {
	return d.buildDerivation(ctx, drvPath, false, o, nil)
}

// BuildInline builds drv, which the caller names drvPath, unless its
// outputs are already in the store: a derivation that arrived without its
// .drv file (Nix's BasicDerivation, which remote builders send), whose
// inputs are sources in the store. From now on d takes drv for drvPath.
func (d *DrvBuilder) BuildInline(ctx context.Context, drvPath string, drv *derivation.Derivation) (*Result, error) {
	d.mu.Lock()
	d.drvs[drvPath] = drv
	d.mu.Unlock()
	return d.buildDerivation(ctx, drvPath, false, RequestOptions{}, nil)
}

// CheckDerivation builds drvPath again although its outputs are in the
// store (Nix's --check) and fails, as Nix does, when an output's NAR hash
// differs from the stored one; nothing in the store changes.
func (d *DrvBuilder) CheckDerivation(ctx context.Context, drvPath string) (*Result, error) {
	return d.buildDerivation(ctx, drvPath, true, RequestOptions{}, nil)
}

// CheckDerivationWith is CheckDerivation with the non-zero Cores, Timeout
// and MaxSilent of o in place of the DrvBuilder's.
func (d *DrvBuilder) CheckDerivationWith(ctx context.Context, drvPath string, o RequestOptions) (*Result, error) {
	return d.buildDerivation(ctx, drvPath, true, o, nil)
}

// buildDerivation builds drvPath; when it has run the builder it calls
// release (if not nil), before it registers the outputs.
func (d *DrvBuilder) buildDerivation(ctx context.Context, drvPath string, check bool, o RequestOptions, release func()) (*Result, error) {
	start := time.Now()
	sp := buildprof.Begin("build request")
	defer func() { sp.End() }()
	drv, err := d.Derivation(ctx, drvPath)
	if err != nil {
		return nil, err
	}
	res := &Result{DrvPath: drvPath, Outputs: map[string]string{}}
	for name, o := range drv.Outputs {
		res.Outputs[name] = o.Path
	}
	valid, err := d.outputsValid(ctx, drv)
	if err != nil || (valid && !check) {
		return res, err
	}
	if check && !valid {
		return nil, fmt.Errorf("some outputs of '%s' are not valid, so checking is not possible", drvPath)
	}
	isBuiltin := strings.HasPrefix(drv.Builder, builtin.Prefix)
	if isBuiltin && !builtin.Supported(drv.Builder) {
		return nil, fmt.Errorf("%s: unsupported builtin builder '%s'", drvPath, strings.TrimPrefix(drv.Builder, builtin.Prefix))
	}
	paths, err := inputPaths(drv, func(p string) (*derivation.Derivation, error) { return d.Derivation(ctx, p) })
	if err != nil {
		return nil, err
	}
	infos, err := closure(ctx, d.opts.Store, d.opts.StoreDir, paths)
	if err != nil {
		return nil, fmt.Errorf("building '%s': %w", drvPath, err)
	}
	reg := OutputRegistration{Store: d.opts.Store, StoreDir: d.opts.StoreDir, DrvPath: drvPath, Drv: drv, SigningKey: d.opts.SigningKey}
	var nodes []*castorev1.Node
	for _, info := range infos {
		nodes = append(nodes, info.GetNode())
		reg.Inputs = append(reg.Inputs, string(store.NodeName(info.GetNode())))
	}
	ro := d.opts.Request
	if o.Cores > 0 {
		ro.Cores = o.Cores
	}
	if o.Timeout > 0 {
		ro.Timeout = o.Timeout
	}
	if o.MaxSilent > 0 {
		ro.MaxSilent = o.MaxSilent
	}
	request, err := NewRequest(drv, nodes, ro)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", drvPath, err)
	}
	var log io.Writer
	if d.opts.Log != nil {
		log = d.opts.Log(drvPath)
	}
	sp.End()
	sp = buildprof.Span{}
	var b *buildv1.Build
	if isBuiltin {
		b, err = d.runBuiltin(ctx, request, log)
	} else {
		b, err = d.opts.Builder.Build(ctx, request, log)
	}
	if release != nil {
		release()
	}
	if err != nil {
		return nil, nixWording(drvPath, err)
	}
	if check {
		reg.checkOnly = true
	}
	sp = buildprof.Begin("register outputs")
	if _, err := RegisterOutputs(ctx, reg, b); err != nil {
		return nil, err
	}
	res.Built = true
	res.Duration = time.Since(start)
	return res, nil
}

// runBuiltin runs a built-in builder here; its failure is a build failure
// whose message, also written to log, says why.
func (d *DrvBuilder) runBuiltin(ctx context.Context, req *buildv1.BuildRequest, log io.Writer) (*buildv1.Build, error) {
	opts := d.opts.Builtins
	opts.Blobs, opts.Directories = d.opts.Store.Blobs, d.opts.Store.Directories
	b, err := builtin.Run(ctx, req, opts, log)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if log != nil {
			fmt.Fprintf(log, "error: %v\n", err)
		}
		return nil, Failed(ExitStatus, "failed: %v", err)
	}
	return b, nil
}

// nixWording rewrites a Builder's *Error into Nix's sentence about
// drvPath; other errors are returned as they are.
func nixWording(drvPath string, err error) error {
	var be *Error
	if !errors.As(err, &be) {
		return err
	}
	out := *be
	switch be.Reason {
	case ExitStatus, MissingOutput:
		out.Message = fmt.Sprintf("builder for '%s' %s", drvPath, be.Message)
	case Timeout, Silent:
		out.Message = fmt.Sprintf("building of '%s' %s", drvPath, be.Message)
	}
	return &out
}
