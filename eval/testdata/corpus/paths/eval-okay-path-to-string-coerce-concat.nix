builtins.typeOf ("" + ./eval-okay-path-to-string-coerce-concat.nix)
