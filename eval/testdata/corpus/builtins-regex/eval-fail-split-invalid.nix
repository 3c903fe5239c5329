builtins.split "(" "a"
