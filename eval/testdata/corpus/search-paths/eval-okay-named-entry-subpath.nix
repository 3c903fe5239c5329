import <pkgs/sub/x.nix>
