builtins.typeOf (builtins.toJSON ./eval-okay-tojson-path.nix)
