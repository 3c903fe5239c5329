import <nope.nix>
