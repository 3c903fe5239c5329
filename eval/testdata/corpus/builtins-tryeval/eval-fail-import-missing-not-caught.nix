builtins.tryEval (import ./missing-file.nix)
