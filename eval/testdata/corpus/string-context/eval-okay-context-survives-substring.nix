builtins.hasContext (builtins.substring 0 3 "${./eval-okay-context-survives-substring.nix}")
