baseNameOf (builtins.findFile [ { prefix = "p"; path = toString ./sp/pkgs; } ] "p/sub/x.nix")
