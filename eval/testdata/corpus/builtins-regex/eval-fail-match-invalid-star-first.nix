builtins.match "*" "a"
