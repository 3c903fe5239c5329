package nixdaemon

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/p2pnix/tvix/store/pathinfo"
)

// reply writes an operation's result after STDERR_LAST.
type reply func(e *encoder) error

// handler reads an operation's arguments from c.dec and does its work. An
// error wrapping ErrMalformed ends the session; any other error is sent
// to the client, and the session goes on.
type handler func(ctx context.Context, c *conn) (reply, error)

var handlers map[Op]handler

func init() {
	handlers = map[Op]handler{
		OpSetOptions:               opSetOptions,
		OpIsValidPath:              opIsValidPath,
		OpQueryValidPaths:          opQueryValidPaths,
		OpQueryAllValidPaths:       opQueryAllValidPaths,
		OpQueryPathInfo:            opQueryPathInfo,
		OpQueryPathFromHashPart:    opQueryPathFromHashPart,
		OpQueryReferrers:           opQueryReferrers,
		OpQueryValidDerivers:       opQueryValidDerivers,
		OpQueryDerivationOutputMap: opQueryDerivationOutputMap,
		OpHasSubstitutes:           opHasSubstitutes,
		OpQuerySubstitutablePaths:  opQuerySubstitutablePaths,
		OpNarFromPath:              opNarFromPath,
		OpAddToStoreNar:            opAddToStoreNar,
		OpAddMultipleToStore:       opAddMultipleToStore,
		OpAddTempRoot:              opAcceptPath,
		OpAddIndirectRoot:          opAcceptPath,
		OpSyncWithGC:               opSyncWithGC,
		OpAddPermRoot:              opAddPermRoot,
		OpAddSignatures:            opAddSignatures,
		OpEnsurePath:               opEnsurePath,
		OpBuildPaths:               opBuildPaths,
		OpBuildPathsWithResults:    opBuildPathsWithResults,
		OpBuildDerivation:          opBuildDerivation,
		OpQueryMissing:             opQueryMissing,
		OpAddTextToStore:           opAddTextToStore,
	}
}

func writeU64(v uint64) reply {
	return func(e *encoder) error { e.u64(v); return e.err }
}

func writeSet(ss []string) reply {
	return func(e *encoder) error { e.set(ss); return e.err }
}

// unsupported is the error for an operation whose arguments were read but
// which this server does not carry out.
func unsupported(op Op) error {
	return fmt.Errorf("tvix's Nix daemon does not support the operation %v", op)
}

func opIsValidPath(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	info, err := c.lookup(ctx, path)
	if err != nil {
		return nil, err
	}
	return func(e *encoder) error { e.bool(info != nil); return e.err }, nil
}

func opQueryValidPaths(ctx context.Context, c *conn) (reply, error) {
	paths := c.dec.strs("paths")
	if c.version.AtLeast(27) {
		c.dec.bool("substitute")
	}
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	var valid []string
	for _, p := range paths {
		info, err := c.lookup(ctx, p)
		if err != nil {
			return nil, err
		}
		if info != nil {
			valid = append(valid, p)
		}
	}
	return writeSet(valid), nil
}

func opQueryAllValidPaths(ctx context.Context, c *conn) (reply, error) {
	var all []string
	err := c.srv.cfg.Store.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		all = append(all, pathinfo.StorePath(c.srv.cfg.StoreDir, info))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return writeSet(all), nil
}

func opQueryPathInfo(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	info, err := c.lookup(ctx, path)
	if err != nil {
		return nil, err
	}
	if info == nil && !c.version.AtLeast(17) {
		return nil, fmt.Errorf("path '%s' is not valid", path)
	}
	return func(e *encoder) error {
		if info == nil {
			e.u64(0)
			return e.err
		}
		if c.version.AtLeast(17) {
			e.u64(1)
		}
		if err := writeUnkeyedPathInfo(e, c.version, c.srv.cfg.StoreDir, info); err != nil {
			return err
		}
		return e.err
	}, nil
}

func opQueryPathFromHashPart(ctx context.Context, c *conn) (reply, error) {
	part := c.dec.str("hash part")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	h, err := nixpath.ParseHashPart(part)
	if err != nil {
		return nil, fmt.Errorf("invalid store path hash part '%s'", part)
	}
	path := ""
	info, err := c.srv.cfg.Store.PathInfos.Get(ctx, h)
	switch {
	case err == nil:
		path = pathinfo.StorePath(c.srv.cfg.StoreDir, info)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return func(e *encoder) error { e.str(path); return e.err }, nil
}

func opQueryReferrers(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	sp, err := c.parsePath(path)
	if err != nil {
		return nil, err
	}
	var referrers []string
	err = c.srv.cfg.Store.PathInfos.List(ctx, func(info *storev1.PathInfo) error {
		for _, r := range info.GetNarinfo().GetReferenceNames() {
			if r == sp.Base() {
				referrers = append(referrers, pathinfo.StorePath(c.srv.cfg.StoreDir, info))
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return writeSet(referrers), nil
}

func opQueryValidDerivers(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	info, err := c.lookup(ctx, path)
	if err != nil {
		return nil, err
	}
	var drvs []string
	if d := info.GetNarinfo().GetDeriver(); d != nil {
		var h [nixpath.HashSize]byte
		copy(h[:], d.GetDigest())
		sp := nixpath.StorePath{Hash: h, Name: d.GetName() + ".drv"}
		if di, err := c.lookupPath(ctx, sp); err != nil {
			return nil, err
		} else if di != nil {
			drvs = append(drvs, c.srv.cfg.StoreDir.Absolute(sp))
		}
	}
	return writeSet(drvs), nil
}

func opQueryDerivationOutputMap(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	drv, err := pathinfo.ReadDerivation(ctx, c.srv.cfg.Store, c.srv.cfg.StoreDir, path)
	if err != nil {
		return nil, err
	}
	return func(e *encoder) error {
		names := make([]string, 0, len(drv.Outputs))
		for name := range drv.Outputs {
			names = append(names, name)
		}
		sort.Strings(names)
		e.u64(uint64(len(names)))
		for _, name := range names {
			e.str(name)
			e.str(drv.Outputs[name].Path)
		}
		return e.err
	}, nil
}

func opHasSubstitutes(_ context.Context, c *conn) (reply, error) {
	c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	return func(e *encoder) error { e.bool(false); return e.err }, nil
}

// opQuerySubstitutablePaths answers that nothing can be substituted: the
// server has no substituters of Nix's kind (the farm finds outputs itself).
func opQuerySubstitutablePaths(_ context.Context, c *conn) (reply, error) {
	c.dec.strs("paths")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	return writeSet(nil), nil
}

func opNarFromPath(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	info, err := c.lookup(ctx, path)
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, fmt.Errorf("path '%s' is not valid", path)
	}
	st := c.srv.cfg.Store
	return func(e *encoder) error {
		if e.err != nil {
			return e.err
		}
		if _, err := nar.Write(ctx, e.w, st.Blobs, st.Directories, info.GetNode()); err != nil {
			// Part of the NAR may be out: the session cannot go on.
			return fmt.Errorf("sending the NAR of %s: %w", path, err)
		}
		return nil
	}, nil
}

// opAcceptPath reads a path and answers 1: AddTempRoot and AddIndirectRoot
// need nothing here, as the store collects no garbage behind a session.
func opAcceptPath(_ context.Context, c *conn) (reply, error) {
	c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	return writeU64(1), nil
}

func opSyncWithGC(context.Context, *conn) (reply, error) { return writeU64(1), nil }

func opAddPermRoot(_ context.Context, c *conn) (reply, error) {
	c.dec.str("path")
	root := c.dec.str("gc root")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	return nil, fmt.Errorf("cannot create the GC root '%s': %w", root, unsupported(OpAddPermRoot))
}

func opAddSignatures(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	sigs := c.dec.strs("signatures")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	info, err := c.lookup(ctx, path)
	if err != nil {
		return nil, err
	}
	if info == nil {
		return nil, fmt.Errorf("path '%s' is not valid", path)
	}
	ni := info.GetNarinfo()
	for _, s := range sigs {
		sig, err := nixsig.ParseSignature(s)
		if err != nil {
			return nil, fmt.Errorf("signature %q: %w", s, err)
		}
		have := false
		for _, old := range ni.GetSignatures() {
			have = have || old.GetName() == sig.GetName() && string(old.GetData()) == string(sig.GetData())
		}
		if !have {
			ni.Signatures = append(ni.Signatures, sig)
		}
	}
	if _, err := c.srv.cfg.Store.PathInfos.Put(ctx, info); err != nil {
		return nil, err
	}
	return writeU64(1), nil
}

func opEnsurePath(ctx context.Context, c *conn) (reply, error) {
	path := c.dec.str("path")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	if err := c.ensureValid(ctx, path); err != nil {
		return nil, err
	}
	return writeU64(1), nil
}

func (c *conn) ensureValid(ctx context.Context, path string) error {
	info, err := c.lookup(ctx, path)
	if err != nil {
		return err
	}
	if info == nil {
		return fmt.Errorf("path '%s' is required, but there is no substituter that can build it", path)
	}
	return nil
}

// derivedPath is one of Nix's DerivedPaths: an opaque store path, or
// outputs of a derivation ("drv!out,dev" or "drv!*").
type derivedPath struct {
	Path    string
	Outputs []string // nil for an opaque path; ["*"] for all outputs
}

// parseDerivedPath reads a DerivedPath as a client of version v writes
// it: "drv!out,dev" or "drv!*" names outputs of a derivation. A bare path
// is opaque from 1.30 on; before, a bare .drv path (a StorePathWithOutputs
// without outputs) means all of its outputs.
func parseDerivedPath(v Version, s string) derivedPath {
	drv, outs, built := strings.Cut(s, "!")
	if !built {
		if !v.AtLeast(30) && strings.HasSuffix(s, ".drv") {
			return derivedPath{Path: s, Outputs: []string{"*"}}
		}
		return derivedPath{Path: s}
	}
	if outs == "" {
		return derivedPath{Path: drv, Outputs: []string{"*"}}
	}
	return derivedPath{Path: drv, Outputs: strings.Split(outs, ",")}
}

// missingOutputs returns the output paths of dp that are not valid.
func (c *conn) missingOutputs(ctx context.Context, dp derivedPath) ([]string, error) {
	drv, err := pathinfo.ReadDerivation(ctx, c.srv.cfg.Store, c.srv.cfg.StoreDir, dp.Path)
	if err != nil {
		return nil, err
	}
	var missing []string
	for name, out := range drv.Outputs {
		if !wanted(dp.Outputs, name) {
			continue
		}
		if out.Path == "" {
			missing = append(missing, name)
			continue
		}
		info, err := c.lookup(ctx, out.Path)
		if err != nil {
			return nil, err
		}
		if info == nil {
			missing = append(missing, out.Path)
		}
	}
	return missing, nil
}

func wanted(outputs []string, name string) bool {
	for _, o := range outputs {
		if o == "*" || o == name {
			return true
		}
	}
	return false
}

func opQueryMissing(ctx context.Context, c *conn) (reply, error) {
	paths := c.dec.strs("derived paths")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	var willBuild, unknown []string
	for _, s := range paths {
		dp := parseDerivedPath(c.version, s)
		if dp.Outputs == nil {
			info, err := c.lookup(ctx, dp.Path)
			if err != nil {
				return nil, err
			}
			if info == nil {
				unknown = append(unknown, dp.Path)
			}
			continue
		}
		info, err := c.lookup(ctx, dp.Path)
		if err != nil {
			return nil, err
		}
		if info == nil {
			unknown = append(unknown, dp.Path)
			continue
		}
		missing, err := c.missingOutputs(ctx, dp)
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			willBuild = append(willBuild, dp.Path)
		}
	}
	return func(e *encoder) error {
		e.set(willBuild)
		e.set(nil) // will substitute
		e.set(unknown)
		e.u64(0) // download size
		e.u64(0) // NAR size
		return e.err
	}, nil
}

func opAddTextToStore(_ context.Context, c *conn) (reply, error) {
	c.dec.str("name")
	c.dec.str("text")
	c.dec.strs("references")
	if c.dec.err != nil {
		return nil, c.dec.err
	}
	return nil, unsupported(OpAddTextToStore)
}
