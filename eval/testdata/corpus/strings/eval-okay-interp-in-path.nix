let d = "sub"; in baseNameOf ./${d}/file.nix
