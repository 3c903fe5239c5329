package nixdaemon

import "context"

// Options are the settings a client sends with SetOptions; the session
// keeps the last ones for the builds it starts.
type Options struct {
	KeepFailed     bool
	KeepGoing      bool
	TryFallback    bool
	Verbosity      uint64
	MaxBuildJobs   uint64
	MaxSilentTime  uint64 // seconds, 0 for none
	BuildVerbosity uint64
	BuildCores     uint64
	UseSubstitutes bool
	// Overrides are the other settings, by name (timeout, sandbox, ...).
	Overrides map[string]string
}

func opSetOptions(_ context.Context, c *conn) (reply, error) {
	d := c.dec
	var o Options
	o.KeepFailed = d.bool("keepFailed")
	o.KeepGoing = d.bool("keepGoing")
	o.TryFallback = d.bool("tryFallback")
	o.Verbosity = d.u64("verbosity")
	o.MaxBuildJobs = d.u64("maxBuildJobs")
	o.MaxSilentTime = d.u64("maxSilentTime")
	d.u64("useBuildHook") // obsolete
	o.BuildVerbosity = d.u64("verboseBuild")
	d.u64("logType")         // obsolete
	d.u64("printBuildTrace") // obsolete
	o.BuildCores = d.u64("buildCores")
	o.UseSubstitutes = d.bool("useSubstitutes")
	if c.version.AtLeast(12) {
		o.Overrides = map[string]string{}
		for _, kv := range d.strPairs("overrides") {
			o.Overrides[kv[0]] = kv[1]
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	c.opts = o
	return nil, nil
}
