package farm

import (
	"context"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/builder"
	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nixpath"
)

// LoadJobs reads the derivation closure of roots (.drv paths) from st: one
// coordinator.Job a derivation, its inputs and outputs sorted, and the
// output name of every output path. It is what Deps.LoadJobs does in
// tvix-node.
func LoadJobs(ctx context.Context, st *store.Store, dir nixpath.StoreDir, roots []string) ([]coordinator.Job, map[string]string, error) {
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
		drv, err := builder.LoadDerivation(ctx, st, dir, p)
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
