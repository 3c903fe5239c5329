package eval

// DrvPaths does what nix-instantiate without --eval does with one
// attribute path: select attrPath from root (auto-calling functions with
// autoArgs), collect the derivations in the result as Nix's
// getDerivations does (the value itself, the derivations among a set's
// attributes, recursing into sets with recurseForDerivations = true, and
// into list elements) and return their drvPaths, with "!<output>" added
// for an output other than "out".
func (ev *Evaluator) DrvPaths(root Value, attrPath string, autoArgs *Attrs) (paths []string, err error) {
	err = ev.catch(func() {
		// As Nix's getDerivations, a function is called even without
		// --arg, when its arguments have defaults.
		v := ev.autoCall(ev.findAlongAttrPath(root, attrPath, autoArgs), autoArgs)
		done := map[*Attrs]bool{}
		ev.getDerivations(v, autoArgs, done, &paths)
	})
	return
}

// getDerivation adds v's drvPath when v is a derivation and reports
// whether it was not one (so the caller may look inside it).
func (ev *Evaluator) getDerivation(v Value, done map[*Attrs]bool, paths *[]string) bool {
	s, ok := ev.force(v).(*Attrs)
	if !ok {
		return true
	}
	t, ok := s.Get("type")
	if !ok {
		return true
	}
	if ts, ok := ev.force(t).(*Str); !ok || ts.S != "derivation" {
		return true
	}
	if done[s] {
		return false
	}
	done[s] = true
	// Nix's getDerivation asks for the name first.
	n, ok := s.Get("name")
	if !ok {
		errorf(KindType, Pos{}, "derivation name missing")
	}
	ev.forceStr(n, Pos{})
	dp, ok := s.Get("drvPath")
	if !ok {
		errorf(KindEval, Pos{}, "derivation lacks a 'drvPath' attribute")
	}
	var ctx ctxBuilder
	p := ev.coerceToString(dp, Pos{}, &ctx, false, true)
	name := ""
	if on, ok := s.Get("outputName"); ok {
		name = ev.forceStr(on, Pos{}).S
	}
	if name == "" {
		errorf(KindEval, Pos{}, "derivation '%s' lacks an 'outputName' attribute", p)
	}
	if name != "out" {
		p += "!" + name
	}
	*paths = append(*paths, p)
	return false
}

func (ev *Evaluator) getDerivations(v Value, autoArgs *Attrs, done map[*Attrs]bool, paths *[]string) {
	if !ev.getDerivation(v, done, paths) {
		return
	}
	switch x := ev.force(v).(type) {
	case *Attrs:
		for _, at := range x.All() {
			if !ev.getDerivation(at.Val, done, paths) {
				continue
			}
			sub, ok := ev.force(at.Val).(*Attrs)
			if !ok {
				continue
			}
			if r, ok := sub.Get("recurseForDerivations"); ok && ev.forceBool(r, Pos{}) {
				ev.getDerivations(ev.autoCall(sub, autoArgs), autoArgs, done, paths)
			}
		}
	case *List:
		for _, it := range x.Items {
			if ev.getDerivation(it, done, paths) {
				ev.getDerivations(it, autoArgs, done, paths)
			}
		}
	default:
		errorf(KindType, Pos{}, "expression does not evaluate to a derivation (or a set or list of those)")
	}
}
