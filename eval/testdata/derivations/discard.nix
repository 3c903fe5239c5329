let
  mk = name: attrs: derivation ({ inherit name; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
  fod = mk "fod" { outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; };
  base = mk "base" { outputs = [ "out" "doc" ]; src = fod; };
  chain = builtins.foldl' (prev: i: mk "step-${toString i}" { inherit prev; doc = prev.doc or base.doc; }) base (builtins.genList (i: i) 30);
in [
  (mk "pass-as-file" { passAsFile = [ "big" ]; big = "lots of text\n"; allowedReferences = [ ]; })
  (mk "discard" { a = builtins.unsafeDiscardStringContext "${base}"; b = builtins.unsafeDiscardOutputDependency base.drvPath; c = base.drvPath; })
  (mk "appended" { a = builtins.appendContext "x" { ${builtins.unsafeDiscardStringContext base.drvPath} = { outputs = [ "doc" ]; }; }; })
  chain
  base.doc
]
