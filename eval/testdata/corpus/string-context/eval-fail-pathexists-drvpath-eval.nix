# Under --eval no .drv file is written, so the path is not valid.
let d = derivation { name = "pathexists-drv"; system = "x"; builder = "/b"; }; in builtins.pathExists d.drvPath
