builtins.pathExists ./eval-okay-path-exists.nix
