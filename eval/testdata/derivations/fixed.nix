let
  mk = name: attrs: derivation ({ inherit name; system = "x86_64-linux"; builder = "/bin/sh"; } // attrs);
  h = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  fods = [
    (mk "b16" { outputHash = h; outputHashAlgo = "sha256"; })
    (mk "nix32" { outputHash = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"; outputHashAlgo = "sha256"; outputHashMode = "recursive"; })
    (mk "sri" { outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; })
    (mk "sha1" { outputHash = "da39a3ee5e6b4b0d3255bfef95601890afd80709"; outputHashAlgo = "sha1"; })
    (mk "md5" { outputHash = "d41d8cd98f00b204e9800998ecf8427e"; outputHashAlgo = "md5"; outputHashMode = "flat"; })
    (mk "typed" { outputHash = "sha256:${h}"; })
  ];
in fods ++ [ (mk "user" { deps = fods; inherit (builtins.head fods) drvPath; }) ]
