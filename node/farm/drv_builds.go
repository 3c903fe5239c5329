package farm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// DrvBuilds runs the farm's builds (Deps.Build) with a builder.DrvBuilder
// and passes each build's log on a line at a time. A nil *DrvBuilds is a
// node that does not build: Build fails. Safe for concurrent use.
type DrvBuilds struct {
	drvs *builder.DrvBuilder
	st   *store.Store
	dir  nixpath.StoreDir
	dirs store.DirectoryService
	logs sync.Map // drv path -> *builder.LineWriter of its running build
}

// NewDrvBuilds makes the DrvBuilder of opts; opts.Log is replaced by the
// DrvBuilds' own, which hands a build's log to the log function its Build
// call was given.
func NewDrvBuilds(opts builder.DrvBuilderOptions) (*DrvBuilds, error) {
	b := &DrvBuilds{st: opts.Store, dir: opts.StoreDir, dirs: opts.Store.Directories}
	opts.Log = b.log
	drvs, err := builder.NewDrvBuilder(opts)
	if err != nil {
		return nil, err
	}
	b.drvs = drvs
	return b, nil
}

// Build builds drvPath (Deps.Build): log receives each line the build
// prints, and a last line without a newline when the build ends.
func (b *DrvBuilds) Build(ctx context.Context, drvPath string, lim coordinator.Limits, log func(line []byte)) (bool, error) {
	var built bool
	err := b.run(drvPath, log, func() error {
		res, err := b.drvs.BuildDerivationWith(ctx, drvPath, requestOptions(lim))
		if err == nil {
			built = res.Built
		}
		return err
	})
	return built, err
}

// Check builds drvPath again (Deps.Check) and compares its outputs with
// the stored ones, which the store reaches on peers. A difference is
// Nix's error, followed by one line for each path that differs:
// "  /nix/store/...-out/file: content".
func (b *DrvBuilds) Check(ctx context.Context, drvPath string, lim coordinator.Limits, log func(line []byte)) error {
	return b.run(drvPath, log, func() error {
		_, err := b.drvs.CheckDerivationWith(ctx, drvPath, requestOptions(lim))
		var od *builder.OutputDiffers
		if !errors.As(err, &od) {
			return err
		}
		changes, derr := store.DiffTrees(ctx, b.dirs, od.Stored, od.Rebuilt)
		if derr != nil {
			return fmt.Errorf("%w\n  (the files that differ are unknown: %v)", err, derr)
		}
		var list strings.Builder
		for _, c := range changes {
			fmt.Fprintf(&list, "\n  %s: %s", path.Join(od.Output, c.Path), c.What)
		}
		return fmt.Errorf("%w%s", err, list.String())
	})
}

// MissingInput is Deps.MissingInput: the first input derivation of
// drvPath, in path order, one of whose outputs the store (this node's,
// over the cluster's) cannot get.
func (b *DrvBuilds) MissingInput(ctx context.Context, drvPath string) (string, error) {
	if b == nil {
		return "", nil
	}
	drv, err := b.drvs.Derivation(ctx, drvPath)
	if err != nil {
		return "", err
	}
	for _, in := range slices.Sorted(maps.Keys(drv.InputDrvs)) {
		idrv, err := b.drvs.Derivation(ctx, in)
		if err != nil {
			return "", err
		}
		for _, name := range drv.InputDrvs[in] {
			sp, err := b.dir.Parse(idrv.Outputs[name].Path)
			if err != nil {
				return "", fmt.Errorf("%s: output %q: %w", in, name, err)
			}
			if _, err := b.st.PathInfos.Get(ctx, sp.Hash); err != nil {
				if ctx.Err() != nil {
					return "", ctx.Err()
				}
				return in, nil
			}
		}
	}
	return "", nil
}

func requestOptions(lim coordinator.Limits) builder.RequestOptions {
	return builder.RequestOptions{Cores: lim.Cores, Timeout: lim.Timeout, MaxSilent: lim.MaxSilent}
}

// run runs build with log receiving drvPath's build log.
func (b *DrvBuilds) run(drvPath string, log func(line []byte), build func() error) error {
	if b == nil {
		return errors.New("this node does not build")
	}
	lw := &builder.LineWriter{Line: log, MaxLine: 64 << 10} // an endless line goes on in pieces
	b.logs.Store(drvPath, lw)
	defer func() {
		b.logs.Delete(drvPath)
		lw.Flush()
	}()
	return build()
}

// log is DrvBuilderOptions.Log: the writer Build registered for drvPath.
func (b *DrvBuilds) log(drvPath string) io.Writer {
	if w, ok := b.logs.Load(drvPath); ok {
		return w.(*builder.LineWriter)
	}
	return nil
}
