# Nix prints a name that is no identifier, or a keyword, as a string.
{ "a b" = 1; }."if"
