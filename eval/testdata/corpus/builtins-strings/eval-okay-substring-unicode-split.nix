builtins.stringLength (builtins.substring 1 2 "aé")
