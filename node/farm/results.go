package farm

import "time"

// drvRecord is where a derivation's outputs came from, for per-derivation
// results (tvix build --json).
type drvRecord struct {
	builtOn   string
	substFrom string
	duration  time.Duration
}

// noteSubstitute records that drv's outputs are at peer at.
func (f *Farm) noteSubstitute(drv, at string) {
	if at == "" || at == f.cfg.Self {
		return
	}
	r := f.record(drv)
	if r.builtOn == "" {
		r.substFrom = at
	}
}

// noteBuilt records that peer built drv and reports it.
func (f *Farm) noteBuilt(drv, peer string, res buildOutcome) {
	r := f.record(drv)
	r.builtOn, r.substFrom, r.duration = peer, "", res.duration
	f.report(drv)
}

// report sends drv's result to the requests that contain it but did not
// ask for it by name (roots are reported when their outputs are here),
// once per request.
func (f *Farm) report(drv string) {
	for _, req := range f.reqs {
		if req.drvs[drv] && !req.roots[drv] && !req.reported[drv] {
			req.reported[drv] = true
			out := &Result{Drv: drv, Outputs: f.outputsOf(drv)}
			f.fillResult(out)
			f.send(req, Event{Result: out})
		}
	}
}

func (f *Farm) record(drv string) *drvRecord {
	if f.records == nil {
		f.records = map[string]*drvRecord{}
	}
	r := f.records[drv]
	if r == nil {
		r = &drvRecord{}
		f.records[drv] = r
	}
	return r
}

// fillResult sets where res's derivation was built or substituted from.
func (f *Farm) fillResult(res *Result) {
	if r := f.records[res.Drv]; r != nil {
		res.BuiltOn, res.SubstitutedFrom, res.Duration = r.builtOn, r.substFrom, r.duration
	}
}

// outputsOf maps the output names of drv to their store paths.
func (f *Farm) outputsOf(drv string) map[string]string {
	out := map[string]string{}
	if j := f.jobs[drv]; j != nil {
		for _, o := range j.Outputs {
			out[f.outNames[o]] = o
		}
	}
	return out
}
