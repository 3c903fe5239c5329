package instantiate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/store/derivation"
)

// drvWriter completes the derivations derivationStrict gathers (the
// eval.DrvWriter of computeStore) and keeps each .drv file
// and each text file's references in memory, so that "=" contexts can
// take the closure of a derivation made earlier in the same evaluation.
type drvWriter struct {
	h *derivation.Hasher
	// made holds each .drv made here.
	made map[string]madeDrv
	// env, outputs and inputDrvs are scratch space of WriteDerivation:
	// the Hasher keeps nothing of the derivation it completes.
	env       []derivation.EnvVar
	outputs   map[string]derivation.Output
	inputDrvs map[string][]string
	// noFiles is set for read-only evaluation (--eval), where no .drv is
	// written: each is made in aterm and forgotten, as Nix 2.8 computes
	// the paths without writing the files (they are not valid paths).
	noFiles bool
	aterm   []byte
	// files maps the path of each .drv and builtins.toFile result to
	// its contents.
	files map[string][]byte
	// refs maps every store path made here to its references.
	refs map[string][]string
	// sources maps the store path of each file or directory added under
	// its own base name to its location on disk.
	sources map[string]string
}

func newDrvWriter(storeDir string) *drvWriter {
	h, err := derivation.NewHasher(storeDir)
	if err != nil {
		panic(err) // storeDir comes from nixpath and is valid
	}
	return &drvWriter{h: h, made: map[string]madeDrv{},
		files: map[string][]byte{}, refs: map[string][]string{}, sources: map[string]string{}}
}

// madeDrv is what later derivations need of one made earlier: its modulo
// hash and its output names.
type madeDrv struct {
	modulo  derivation.ModuloHash
	outputs []string
}

// modulo is the derivation.ModuloLookup of the derivations made here.
func (b *drvWriter) modulo(drvPath string) (derivation.ModuloHash, error) {
	m, ok := b.made[drvPath]
	if !ok {
		return derivation.ModuloHash{}, fmt.Errorf("%w: %s", derivation.ErrUnknownInput, drvPath)
	}
	return m.modulo, nil
}

// WriteDerivation turns spec into a derivation as Nix 2.8's
// derivationStrict does and records its .drv file.
func (b *drvWriter) WriteDerivation(spec *eval.DrvSpec) (string, []string, error) {
	if b.outputs == nil {
		b.outputs = map[string]derivation.Output{}
		b.inputDrvs = map[string][]string{}
	}
	clear(b.outputs)
	clear(b.inputDrvs)
	d := &derivation.Derivation{
		Name: spec.Name, Platform: spec.System, Builder: spec.Builder, Args: spec.Args,
		InputDrvs: b.inputDrvs, Outputs: b.outputs,
	}
	if err := b.addInputs(d, spec.Context); err != nil {
		return "", nil, err
	}
	if spec.HasOutputHash {
		mode := spec.OutputHashMode
		if mode == "" {
			mode = "flat"
		}
		fh, err := derivation.ParseFixedHash(spec.OutputHash, spec.OutputHashAlgo, mode)
		if err != nil {
			return "", nil, err
		}
		d.Outputs["out"] = fh.Output()
	} else {
		for _, o := range spec.Outputs {
			d.Outputs[o] = derivation.Output{}
		}
	}
	b.env = b.env[:0]
	for _, e := range spec.Env {
		b.env = append(b.env, derivation.EnvVar(e))
	}
	var res derivation.Instantiated
	var err error
	if b.noFiles {
		res, err = b.h.InstantiateEnvInto(b.aterm, d, b.env, b.modulo)
		b.aterm = res.ATerm
	} else {
		res, err = b.h.InstantiateEnv(d, b.env, b.modulo)
	}
	if err != nil {
		return "", nil, err
	}
	b.made[res.DrvPath] = madeDrv{modulo: res.Modulo, outputs: spec.Outputs}
	if !b.noFiles {
		b.files[res.DrvPath] = res.ATerm
	}
	b.refs[res.DrvPath] = res.References
	paths := make([]string, len(spec.Outputs))
	for i, name := range spec.Outputs {
		paths[i] = d.Outputs[name].Path
	}
	return res.DrvPath, paths, nil
}

// addInputs turns context elements into inputSrcs and inputDrvs: a plain
// path is a source, "!out!drv" one output of drv, and "=drv" everything
// in the closure of drv's file, as a source and, for derivations, also as
// an input derivation with all its outputs.
func (b *drvWriter) addInputs(d *derivation.Derivation, ctx []string) error {
	srcs := map[string]bool{}
	addDrv := func(p string, outs ...string) {
		d.InputDrvs[p] = append(d.InputDrvs[p], outs...)
	}
	for _, s := range ctx {
		c, err := eval.ParseContextElem(s)
		if err != nil {
			return err
		}
		switch c.Kind {
		case eval.CtxAllOutputs:
			seen := map[string]bool{}
			stack := []string{c.Path}
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if seen[p] {
					continue
				}
				seen[p] = true
				stack = append(stack, b.refs[p]...)
				srcs[p] = true // as in Nix 2.8, derivations too
				if !strings.HasSuffix(p, ".drv") {
					continue
				}
				m, ok := b.made[p]
				if !ok {
					return fmt.Errorf("derivation '%s' is not known to this evaluation", p)
				}
				addDrv(p, m.outputs...)
			}
		case eval.CtxOutput:
			addDrv(c.Path, c.Output)
		default:
			srcs[c.Path] = true
		}
	}
	for s := range srcs {
		d.InputSrcs = append(d.InputSrcs, s)
	}
	sort.Strings(d.InputSrcs)
	for p, outs := range d.InputDrvs {
		sort.Strings(outs)
		d.InputDrvs[p] = dedup(outs)
	}
	return nil
}

func dedup(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || s[i-1] != x {
			out = append(out, x)
		}
	}
	return out
}
