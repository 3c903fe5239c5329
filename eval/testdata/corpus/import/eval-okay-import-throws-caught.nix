(builtins.tryEval (import ./lib/throws.nix)).success
