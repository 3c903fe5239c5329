map builtins.readFileType [ ./data ./eval-okay-readfiletype.nix ./links/. ]
