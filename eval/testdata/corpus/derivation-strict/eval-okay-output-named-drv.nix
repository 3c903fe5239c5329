# An output named drv is allowed since Nix 2.26 (2.8 refused it).
let d = builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; outputs = [ "out" "drv" ]; }; in
[ (baseNameOf d.drvPath) (baseNameOf d.drv) ]
