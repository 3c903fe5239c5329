(import ./lib/nested/inner.nix).val.x
