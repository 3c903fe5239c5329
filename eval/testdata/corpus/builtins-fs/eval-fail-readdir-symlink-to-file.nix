# The error names the file the symlink leads to, as Nix reads that.
builtins.readDir ./links/link-to-target
