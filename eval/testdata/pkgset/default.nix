# The package set, as `import <nixpkgs> { }` would be.
import ./pkgs/top-level
