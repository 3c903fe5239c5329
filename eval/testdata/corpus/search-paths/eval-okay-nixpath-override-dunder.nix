let __nixPath = [ { prefix = "foo"; path = toString ./sp/dir1; } ]; in import <foo/foo.nix>
