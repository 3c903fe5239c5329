builtins.fromJSON "1 x"
