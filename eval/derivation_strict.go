package eval

import (
	"fmt"
	"strings"
)

// DrvSpec is what builtins.derivationStrict gathers from its attribute set
// before a store completes it: the evaluator does the forcing and coercing,
// the DrvWriter the hashing and writing.
type DrvSpec struct {
	Name, System, Builder string
	Args                  []string
	// Env holds the environment sorted by name, without output
	// variables; with structured attributes it holds only "__json".
	Env []EnvVar
	// Outputs are the output names in the order given ("out" by default).
	Outputs []string
	// OutputHash, OutputHashAlgo and OutputHashMode are the fixed-output
	// attributes, empty when absent (HasOutputHash tells an empty hash
	// from a missing one).
	OutputHash, OutputHashAlgo, OutputHashMode string
	HasOutputHash                              bool
	// Context is every string context element met in the attributes, in
	// Nix's encoding (see Context).
	Context []string
}

// EnvVar is one variable of a derivation's environment.
type EnvVar struct {
	Name, Value string
}

// DrvWriter is a store's capability (Capabilities.Derivations) of writing
// derivations, which makes builtins.derivationStrict available.
// WriteDerivation returns the .drv's store path and the path of each
// output, in the order of spec.Outputs, or an error that the builtin
// reports at the call. It may keep spec's slices other than Env, which
// the evaluator does not change afterwards; Env is reused once it
// returns. It is called on the evaluating goroutine.
type DrvWriter interface {
	WriteDerivation(spec *DrvSpec) (drvPath string, outputPaths []string, err error)
}

// derivationStrict is builtins.derivationStrict on a store with a DrvWriter.
func (ev *Evaluator) derivationStrict(b DrvWriter, arg Value, pos Pos) Value {
	attrs := ev.forceAttrs(arg, pos)
	nameAttr := attrs.GetAttr("name")
	if nameAttr == nil {
		framedError(pos, "in the attrset passed as argument to builtins.derivationStrict", "attribute 'name' missing")
	}
	spec := &DrvSpec{Outputs: []string{"out"}}
	calls := len(ev.calls)
	func() {
		defer func() {
			if r := recover(); r != nil {
				addTrace(r, calls, "while evaluating the derivation attribute 'name'", derefPos(nameAttr.Pos), true)
			}
		}()
		ev.framed("while evaluating the `name` attribute passed to builtins.derivationStrict", func() { spec.Name = ev.forceStr(nameAttr.Val, pos).S })
	}()
	// An error below is under Nix's frames: the derivation's, naming
	// where its name is, and the attribute's being evaluated (cur).
	var cur *Attr
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*Error); ok {
				if cur != nil {
					e.Trace = append(e.Trace, TraceFrame{Msg: fmt.Sprintf("while evaluating attribute '%s' of derivation '%s'", cur.Name, spec.Name), Pos: derefPos(cur.Pos), Shown: true, calls: calls + 1})
				}
				e.Trace = append(e.Trace, TraceFrame{Msg: fmt.Sprintf("while evaluating derivation '%s'\n         whose name attribute is located at %s", spec.Name, derefPos(nameAttr.Pos)), Shown: true, calls: calls + 1})
			}
			panic(r)
		}
	}()
	if msg := badStoreName(spec.Name); msg != "" {
		errorf(KindEval, pos, "invalid derivation name: %s. Please pass a different 'name'.", msg)
	}
	ignoreNulls := false
	if v, ok := attrs.Get("__ignoreNulls"); ok {
		ev.framed("while evaluating the `__ignoreNulls` attribute passed to builtins.derivationStrict", func() { ignoreNulls = ev.forceBool(v, pos) })
	}
	structured := false
	if v, ok := attrs.Get("__structuredAttrs"); ok {
		ev.framed("while evaluating the `__structuredAttrs` attribute passed to builtins.derivationStrict", func() { structured = ev.forceBool(v, pos) })
	}
	var ctx ctxBuilder
	var json strings.Builder
	hasBuilder, hasSystem := false, false
	all := attrs.All()
	if !structured {
		// Reuse the environment of an earlier call (a nested call, made
		// while forcing attributes, finds none and makes its own).
		spec.Env, ev.drvEnv = ev.drvEnv[:0], nil
	}
	for i := range all {
		at := &all[i]
		cur = at
		key := at.Name
		if key == "__ignoreNulls" || (structured && key == "__structuredAttrs") {
			continue
		}
		if ignoreNulls {
			if _, isNull := ev.force(at.Val).(Null); isNull {
				continue
			}
		}
		if (key == "__contentAddressed" || key == "__impure") && ev.forceBool(at.Val, pos) {
			// Both need experimental features tvix does not have; false
			// goes into the environment like any other attribute.
			feature := map[string]string{"__contentAddressed": "ca-derivations", "__impure": "impure-derivations"}[key]
			errorf(KindEval, pos, "experimental Nix feature '%s' is disabled; add '--extra-experimental-features %s' to enable it", feature, feature)
		}
		if key == "args" {
			for _, it := range ev.forceList(at.Val, pos).Items {
				ev.framed("while evaluating an element of the argument list", func() {
					spec.Args = append(spec.Args, ev.coerceToString(it, pos, &ctx, true, true))
				})
			}
			continue
		}
		var s string
		if structured {
			if key == "outputs" {
				spec.Outputs = spec.Outputs[:0]
				for _, it := range ev.forceList(at.Val, pos).Items {
					spec.Outputs = append(spec.Outputs, ev.forceStr(it, pos).S)
				}
			}
			if json.Len() > 0 {
				json.WriteByte(',')
			}
			writeJSONString(&json, key, pos)
			json.WriteByte(':')
			ev.writeJSON(&json, at.Val, true, &ctx, pos)
			switch key {
			case "builder", "system", "outputHash", "outputHashAlgo", "outputHashMode":
				s = ev.coerceToString(at.Val, pos, &ctx, true, true)
			case "allowedReferences", "allowedRequisites", "disallowedReferences", "disallowedRequisites", "maxSize", "maxClosureSize":
				fmt.Fprintf(ev.stderr, "warning: In a derivation named '%s', 'structuredAttrs' disables the effect of the derivation attribute '%s'; use 'outputChecks.<output>.%s' instead\n", spec.Name, key, key)
			}
		} else {
			s = ev.coerceToString(at.Val, pos, &ctx, true, true)
			spec.Env = append(spec.Env, EnvVar{Name: key, Value: s})
			if key == "outputs" {
				spec.Outputs = strings.Fields(s)
			}
		}
		switch key {
		case "builder":
			spec.Builder, hasBuilder = s, true
		case "system":
			spec.System, hasSystem = s, true
		case "outputHash":
			spec.OutputHash, spec.HasOutputHash = s, true
		case "outputHashAlgo":
			spec.OutputHashAlgo = s
		case "outputHashMode":
			if s != "recursive" && s != "flat" {
				errorf(KindEval, pos, "invalid value '%s' for 'outputHashMode' attribute", s)
			}
			spec.OutputHashMode = s
		}
	}
	cur = nil
	if structured {
		spec.Env = []EnvVar{{Name: "__json", Value: "{" + json.String() + "}"}}
	}
	if !hasBuilder {
		errorf(KindEval, pos, "required attribute 'builder' missing")
	}
	if !hasSystem {
		errorf(KindEval, pos, "required attribute 'system' missing")
	}
	if strings.HasSuffix(spec.Name, ".drv") {
		errorf(KindEval, pos, "derivation names are allowed to end in '.drv' only if they produce a single derivation file")
	}
	// Nix checks the outputs while evaluating that attribute.
	cur = attrs.GetAttr("outputs")
	seen := map[string]bool{}
	for _, o := range spec.Outputs {
		if o == "drvPath" {
			errorf(KindEval, pos, "invalid derivation output name 'drvPath'")
		}
		if seen[o] {
			errorf(KindEval, pos, "duplicate derivation output '%s'", o)
		}
		seen[o] = true
	}
	if len(spec.Outputs) == 0 {
		errorf(KindEval, pos, "derivation cannot have an empty set of outputs")
	}
	cur = nil
	if spec.HasOutputHash && (len(spec.Outputs) != 1 || spec.Outputs[0] != "out") {
		errorf(KindEval, pos, "multiple outputs are not supported in fixed-output derivations")
	}
	spec.Context = ctx.result().Elems()
	drvPath, outs, err := b.WriteDerivation(spec)
	if spec.Env != nil {
		clear(spec.Env)
		ev.drvEnv = spec.Env[:0]
	}
	if err != nil {
		errorf(KindEval, pos, "%v", err)
	}
	res := make([]Attr, 0, 1+len(outs))
	res = append(res, Attr{Name: "drvPath", Val: &Str{S: drvPath, Ctx: NewContext(ContextElem{Kind: CtxAllOutputs, Path: drvPath}.String())}})
	for i, name := range spec.Outputs {
		res = append(res, Attr{Name: name, Val: &Str{S: outs[i], Ctx: NewContext(ContextElem{Kind: CtxOutput, Path: drvPath, Output: name}.String())}})
	}
	return NewAttrs(res)
}
