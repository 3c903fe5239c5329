builtins.split "x|xy" "xyx"
