[ (import <foo.nix>) (import <bar.nix>) ]
