let d = derivation { name = "ifd-read"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
in builtins.readFile "${d.dev}/file"
