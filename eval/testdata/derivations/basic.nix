let a = derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; args = ["-c" "echo"]; x = true; y = null; z = 1.5; l = [1 "b" [2]]; outputs = ["out" "dev"]; };
    f = derivation { name = "f"; system = "x"; builder = "/bin/sh"; outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; outputHashMode = "recursive"; };
in derivation { name = "b"; system = "x86_64-linux"; builder = "${a}/bin/sh"; dev = a.dev; d = a.drvPath; ff = f; }
