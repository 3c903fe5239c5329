import <foo.nix>
