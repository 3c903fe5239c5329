builtins.attrValues (builtins.getContext "${./eval-okay-getcontext-path.nix}")
