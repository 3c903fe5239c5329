builtins.pathExists ./links/dangling
