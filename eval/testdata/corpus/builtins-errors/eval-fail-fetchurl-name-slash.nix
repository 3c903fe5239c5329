# a slash is not allowed in the name of a fetched file
builtins.fetchurl { url = "file://${toString ./eval-fail-fetchurl-name-slash.nix}"; name = "sub/hello"; }
