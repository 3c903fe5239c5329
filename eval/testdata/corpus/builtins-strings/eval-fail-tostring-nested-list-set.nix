# An element that cannot be coerced: the list frames of Nix.
toString [ 1 [ { } ] ]
