package farm

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
)

// DrvBuilds runs the farm's builds (Deps.Build) with a builder.DrvBuilder
// and passes each build's log on a line at a time. A nil *DrvBuilds is a
// node that does not build: Build fails. Safe for concurrent use.
type DrvBuilds struct {
	drvs *builder.DrvBuilder
	logs sync.Map // drv path -> *builder.LineWriter of its running build
}

// NewDrvBuilds makes the DrvBuilder of opts; opts.Log is replaced by the
// DrvBuilds' own, which hands a build's log to the log function its Build
// call was given.
func NewDrvBuilds(opts builder.DrvBuilderOptions) (*DrvBuilds, error) {
	b := &DrvBuilds{}
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
	if b == nil {
		return false, errors.New("this node does not build")
	}
	lw := &builder.LineWriter{Line: log, MaxLine: 64 << 10} // an endless line goes on in pieces
	b.logs.Store(drvPath, lw)
	defer func() {
		b.logs.Delete(drvPath)
		lw.Flush()
	}()
	res, err := b.drvs.BuildDerivationWith(ctx, drvPath, builder.RequestOptions{Cores: lim.Cores, Timeout: lim.Timeout, MaxSilent: lim.MaxSilent})
	if err != nil {
		return false, err
	}
	return res.Built, nil
}

// log is DrvBuilderOptions.Log: the writer Build registered for drvPath.
func (b *DrvBuilds) log(drvPath string) io.Writer {
	if w, ok := b.logs.Load(drvPath); ok {
		return w.(*builder.LineWriter)
	}
	return nil
}
