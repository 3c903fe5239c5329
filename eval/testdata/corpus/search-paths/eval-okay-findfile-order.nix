import (builtins.findFile [ { prefix = ""; path = toString ./sp/dir2; } { prefix = ""; path = toString ./sp/dir1; } ] "foo.nix")
