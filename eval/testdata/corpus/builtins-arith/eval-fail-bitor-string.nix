builtins.bitOr "1" 1
