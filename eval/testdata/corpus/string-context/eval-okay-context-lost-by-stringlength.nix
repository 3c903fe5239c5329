builtins.stringLength "${./eval-okay-context-lost-by-stringlength.nix}" > 0
