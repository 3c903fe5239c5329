builtins.hasContext "${./eval-okay-hascontext-path-interp.nix}"
