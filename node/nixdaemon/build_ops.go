package nixdaemon

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/p2pnix/tvix/store/derivation"
	"github.com/p2pnix/tvix/store/pathinfo"
)

// buildResult is Nix's BuildResult, keyed by the DerivedPath asked for
// in BuildPathsWithResults.
type buildResult struct {
	path string // the DerivedPath asked for (KeyedBuildResult only)
	BuildOutcome
	// drvHash is the derivation's hash modulo, for the ids of its built
	// outputs' realisations; "" sends none.
	drvHash string
	built   bool
}

// write sends r as a BuildResult of version v: status and error, from
// 1.29 the times built and the build's start and stop, from 1.37 the CPU
// times (unknown), from 1.28 the built outputs as realisations.
func (r buildResult) write(e *encoder, v Version) {
	e.u64(uint64(r.Status))
	e.str(r.Error)
	if v.AtLeast(29) {
		times, start, stop := uint64(0), uint64(0), uint64(0)
		if r.built {
			times = 1
		}
		if !r.Start.IsZero() {
			start, stop = uint64(r.Start.Unix()), uint64(r.Stop.Unix())
		}
		e.u64(times)
		e.bool(false) // not found non-deterministic
		e.u64(start)
		e.u64(stop)
	}
	if v.AtLeast(37) {
		e.u64(0) // no CPU user time
		e.u64(0) // no CPU system time
	}
	if v.AtLeast(28) {
		if r.drvHash == "" || !r.Status.Success() {
			e.u64(0)
			return
		}
		names := make([]string, 0, len(r.Outputs))
		for n := range r.Outputs {
			names = append(names, n)
		}
		sort.Strings(names)
		e.u64(uint64(len(names)))
		for _, n := range names {
			id := "sha256:" + r.drvHash + "!" + n
			real, _ := json.Marshal(realisation{ID: id, OutPath: r.Outputs[n][strings.LastIndexByte(r.Outputs[n], '/')+1:], Signatures: []string{}, Dependent: map[string]string{}})
			e.str(id)
			e.str(string(real))
		}
	}
}

// realisation is Nix's Realisation in its JSON form, as the protocol
// carries it.
type realisation struct {
	Dependent  map[string]string `json:"dependentRealisations"`
	ID         string            `json:"id"`
	OutPath    string            `json:"outPath"`
	Signatures []string          `json:"signatures"`
}

// buildOptions are the build settings of the client's last SetOptions,
// with the build log going to the client.
func (c *conn) buildOptions() BuildOptions {
	o := c.opts
	bo := BuildOptions{
		Jobs:      max(int(o.MaxBuildJobs), 1),
		Cores:     int(o.BuildCores),
		KeepGoing: o.KeepGoing,
		MaxSilent: time.Duration(o.MaxSilentTime) * time.Second,
		Log:       c.log.Log,
		Builds:    c.builds,
	}
	seconds := func(names ...string) (time.Duration, bool) {
		for _, n := range names {
			if s, ok := o.Overrides[n]; ok {
				if v, err := strconv.ParseUint(s, 10, 32); err == nil {
					return time.Duration(v) * time.Second, true
				}
			}
		}
		return 0, false
	}
	if d, ok := seconds("timeout", "build-timeout"); ok {
		bo.Timeout = d
	}
	if d, ok := seconds("max-silent-time", "build-max-silent-time"); ok {
		bo.MaxSilent = d
	}
	if s, ok := o.Overrides["cores"]; ok {
		if v, err := strconv.ParseUint(s, 10, 16); err == nil {
			bo.Cores = int(v)
		}
	}
	if s, ok := o.Overrides["keep-going"]; ok {
		bo.KeepGoing = s == "true"
	}
	return bo
}

// buildDerived builds the derivations among paths whose outputs are
// missing and returns one result per path, in order. Opaque paths must
// be valid already.
func (c *conn) buildDerived(ctx context.Context, paths []string) ([]buildResult, error) {
	results := make([]buildResult, len(paths))
	var toBuild []string
	index := map[string][]int{}
	for i, s := range paths {
		dp := parseDerivedPath(c.version, s)
		r := &results[i]
		r.path = s
		if dp.Outputs == nil {
			r.Status = StatusAlreadyValid
			if err := c.ensureValid(ctx, dp.Path); err != nil {
				r.Status, r.Error = StatusNoSubstituters, err.Error()
			}
			continue
		}
		drv, err := pathinfo.ReadDerivation(ctx, c.srv.cfg.Store, c.srv.cfg.StoreDir, dp.Path)
		if err != nil {
			return nil, err
		}
		r.Outputs = map[string]string{}
		for name, o := range drv.Outputs {
			if !wanted(dp.Outputs, name) {
				continue
			}
			r.Outputs[name] = o.Path
		}
		for _, o := range dp.Outputs {
			if _, ok := drv.Outputs[o]; !ok && o != "*" {
				return nil, fmt.Errorf("derivation '%s' does not have wanted outputs '%s'", dp.Path, o)
			}
		}
		r.drvHash = c.drvHash(ctx, drv)
		missing, err := c.missingOutputs(ctx, dp)
		if err != nil {
			return nil, err
		}
		r.Status = StatusAlreadyValid
		if len(missing) == 0 {
			continue
		}
		if _, ok := index[dp.Path]; !ok {
			toBuild = append(toBuild, dp.Path)
		}
		index[dp.Path] = append(index[dp.Path], i)
	}
	if len(toBuild) == 0 {
		return results, nil
	}
	if c.srv.cfg.Builder == nil {
		return nil, fmt.Errorf("cannot build '%s': this Nix daemon has no builder", toBuild[0])
	}
	outcomes, err := c.srv.cfg.Builder.BuildPaths(ctx, toBuild, c.buildOptions())
	if err != nil {
		return nil, err
	}
	if len(outcomes) != len(toBuild) {
		return nil, fmt.Errorf("the builder answered %d results for %d derivations", len(outcomes), len(toBuild))
	}
	for j, drvPath := range toBuild {
		out := outcomes[j]
		for _, i := range index[drvPath] {
			r := &results[i]
			wantedOutputs := r.Outputs
			r.BuildOutcome, r.built = out, out.Status == StatusBuilt
			if out.Status.Success() {
				r.Outputs = map[string]string{}
				for name := range wantedOutputs {
					if p, ok := out.Outputs[name]; ok {
						r.Outputs[name] = p
					}
				}
			}
		}
	}
	return results, nil
}

// drvHash is drv's hash modulo in base16 (the id of its outputs'
// realisations), its input derivations read from the store; "" when it
// cannot be computed.
func (c *conn) drvHash(ctx context.Context, drv *derivation.Derivation) string {
	h, err := derivation.NewHasher(string(c.srv.cfg.StoreDir))
	if err != nil {
		return ""
	}
	get := func(p string) (*derivation.Derivation, error) {
		return pathinfo.ReadDerivation(ctx, c.srv.cfg.Store, c.srv.cfg.StoreDir, p)
	}
	m, err := h.HashModulo(drv, derivation.ClosureLookup(h, get, map[string]derivation.ModuloHash{}))
	if err != nil {
		return ""
	}
	return m.String()
}

// opBuildPaths builds what is missing and fails, as nix-daemon does, when
// a build fails: with that build's message, or naming the failed
// derivations when there are several.
func opBuildPaths(ctx context.Context, c *conn) (reply, error) {
	paths := c.dec.strs("derived paths")
	if c.version.AtLeast(15) {
		c.dec.u64("build mode")
	}
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	results, err := c.buildDerived(ctx, paths)
	if err != nil {
		return nil, err
	}
	var failed []buildResult
	for _, r := range results {
		if !r.Status.Success() {
			failed = append(failed, r)
		}
	}
	switch len(failed) {
	case 0:
		return writeU64(1), nil
	case 1:
		return nil, fmt.Errorf("%s", failed[0].Error)
	}
	var names []string
	for _, r := range failed {
		c.log.Log("error: " + r.Error)
		names = append(names, "'"+parseDerivedPath(c.version, r.path).Path+"'")
	}
	return nil, fmt.Errorf("build of %s failed", strings.Join(names, ", "))
}

// opBuildPathsWithResults builds what is missing and answers one
// KeyedBuildResult per path; failed builds are results, not errors.
func opBuildPathsWithResults(ctx context.Context, c *conn) (reply, error) {
	paths := c.dec.strs("derived paths")
	c.dec.u64("build mode")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	results, err := c.buildDerived(ctx, paths)
	if err != nil {
		return nil, err
	}
	return func(e *encoder) error {
		e.u64(uint64(len(results)))
		for _, r := range results {
			e.str(r.path)
			r.write(e, c.version)
		}
		return e.err
	}, nil
}

// opBuildDerivation builds a derivation the client sends inline (a
// BasicDerivation: its inputs are sources already in the store) and
// answers its BuildResult; a failed build is a result, not an error.
func opBuildDerivation(ctx context.Context, c *conn) (reply, error) {
	d := c.dec
	drvPath := d.str("drv path")
	drv := &derivation.Derivation{Outputs: map[string]derivation.Output{}, InputDrvs: map[string][]string{}, Env: map[string]string{}}
	n := d.count("outputs")
	for i := 0; i < n && d.err == nil; i++ {
		name := d.str("output name")
		drv.Outputs[name] = derivation.Output{Path: d.str("output path"), HashAlgo: d.str("output hash algorithm"), Hash: d.str("output hash")}
	}
	drv.InputSrcs = d.strs("input sources")
	drv.Platform = d.str("platform")
	drv.Builder = d.str("builder")
	drv.Args = d.strs("args")
	for _, kv := range d.strPairs("env") {
		drv.Env[kv[0]] = kv[1]
	}
	d.u64("build mode")
	if d.err != nil {
		return nil, d.err
	}
	if _, err := c.parsePath(drvPath); err != nil {
		return nil, err
	}
	name, err := derivation.NameFromDrvPath(drvPath)
	if err != nil {
		return nil, err
	}
	drv.Name = name
	for o, out := range drv.Outputs {
		if out.Path == "" {
			return nil, fmt.Errorf("output '%s' of '%s' has no path: content-addressed derivations are not supported", o, drvPath)
		}
		if _, err := c.parsePath(out.Path); err != nil {
			return nil, err
		}
	}
	if c.srv.cfg.Builder == nil {
		return nil, fmt.Errorf("cannot build '%s': this Nix daemon has no builder", drvPath)
	}
	out, err := c.srv.cfg.Builder.BuildDerivation(ctx, drvPath, drv, c.buildOptions())
	if err != nil {
		return nil, err
	}
	r := buildResult{BuildOutcome: out, built: out.Status == StatusBuilt, drvHash: c.drvHash(ctx, drv)}
	return func(e *encoder) error {
		r.write(e, c.version)
		return e.err
	}, nil
}
