# Under --eval no .drv file is written, so the path is not valid.
let d = derivation { name = "readfile-drv"; system = "x"; builder = "/b"; }; in builtins.readFile d.drvPath
