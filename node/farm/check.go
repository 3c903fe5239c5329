package farm

import "github.com/p2pnix/tvix/node/coordinator"

// isCheck reports whether j is a reproducibility check job.
func isCheck(j *coordinator.Job) bool { return j != nil && j.CheckOf != "" }

// noteCheckJob remembers a check job the coordinator made, so that its
// grant carries it like the request's jobs. Loop only.
func (f *Farm) noteCheckJob(j *coordinator.Job) {
	if isCheck(j) && f.jobs[j.Drv] == nil {
		c := *j
		f.jobs[j.Drv] = &c
	}
}

// checkDone logs the verdict of a reproducibility check; Progress counts
// it. Loop only.
func (f *Farm) checkDone(a coordinator.CheckDone) {
	switch {
	case a.Differs:
		f.log.Warn("farm: not reproducible", "drv", a.Drv, "first", a.First, "second", a.Second, "reason", a.Reason)
	case a.Reason != "":
		f.log.Warn("farm: reproducibility not checked", "drv", a.Drv, "reason", a.Reason)
	default:
		f.log.Info("farm: reproducible", "drv", a.Drv, "first", a.First, "second", a.Second)
	}
}
