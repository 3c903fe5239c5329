package eval

import "github.com/p2pnix/tvix/eval/syntax"

// derivationSource defines builtins.derivation in Nix on top of
// derivationStrict, as Nix itself does: every output becomes a set with
// the derivation's attributes plus outPath, drvPath, type and outputName,
// and the value is the first output's set.
const derivationSource = `drvAttrs@{ outputs ? [ "out" ], ... }:
let
  strict = builtins.derivationStrict drvAttrs;
  outputsList = map mkOutput outputs;
  mkOutput = outputName: {
    name = outputName;
    value = common // {
      outPath = builtins.getAttr outputName strict;
      drvPath = strict.drvPath;
      type = "derivation";
      inherit outputName;
    };
  };
  common = drvAttrs // builtins.listToAttrs outputsList // {
    all = map (o: o.value) outputsList;
    inherit drvAttrs;
  };
in (builtins.head outputsList).value
`

// derivationFile names derivationSource in positions, as Nix names its own.
const derivationFile = "<nix/derivation-internal.nix>"

// derivationThunk compiles derivationSource on first use.
func (ev *Evaluator) derivationThunk() *Thunk {
	return NewThunk(func(ev *Evaluator) Value {
		e, err := syntax.Parse(derivationFile, []byte(derivationSource), syntax.Options{BaseDir: "/"})
		if err != nil {
			panic(parseError(err))
		}
		setSnippetSource(derivationFile, derivationSource)
		return (&compiler{ev: ev}).compile(e, nil).eval(ev, nil)
	})
}
