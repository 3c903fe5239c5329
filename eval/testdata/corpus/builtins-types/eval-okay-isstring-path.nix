[ (builtins.isString ./.) (builtins.isPath "/a") (builtins.isString "${./eval-okay-isstring-path.nix}") ]
