package farm

import (
	"context"
	"errors"
	"time"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
)

// missingInputTimeout bounds the search for the input a failed build
// could not fetch.
const missingInputTimeout = time.Minute

// missingInput names the input derivation of job whose outputs nobody
// could provide, after its build failed with err; "" for a failure of
// the build itself, a cancelled build, a check, or when every input can
// be had. The coordinator then rebuilds that input rather than counting
// the failure against job.
func (f *Farm) missingInput(job *coordinator.Job, err error) string {
	if f.deps.MissingInput == nil || isCheck(job) || errors.Is(err, builder.ErrBuildFailed) ||
		errors.Is(err, context.Canceled) || f.ctx.Err() != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(f.ctx, missingInputTimeout)
	defer cancel()
	in, merr := f.deps.MissingInput(ctx, job.Drv)
	if merr != nil {
		f.log.Warn("farm: looking for a lost input", "drv", job.Drv, "err", merr)
		return ""
	}
	if in != "" {
		f.log.Info("farm: input lost", "drv", job.Drv, "input", in)
	}
	return in
}
