builtins.hasContext ("prefix-" + "${./eval-okay-context-survives-concat.nix}" + "-suffix")
