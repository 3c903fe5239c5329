package eval

// toFile is builtins.toFile: the contents are stored as a text file whose
// references are the plain store paths of their context; a reference to
// a derivation or its outputs is an error, as in Nix 2.8.
func (ev *Evaluator) toFile(nameV, contentsV Value, pos Pos) Value {
	name := ev.forceStr(nameV, pos).S
	contents := ev.forceStr(contentsV, pos)
	var refs []string
	for _, c := range contents.Ctx.Elems() {
		if c == "" || c[0] != '/' {
			errorf(KindEval, pos, "in 'toFile': the file named '%s' must not contain a reference to a derivation but contains (%s)", name, c)
		}
		refs = append(refs, c)
	}
	p, err := ev.opts.Store.AddText(ev.ctx, name, contents.S, refs)
	if err != nil {
		errorf(KindEval, pos, "builtins.toFile: %v", err)
	}
	return &Str{S: p, Ctx: NewContext(p)}
}
