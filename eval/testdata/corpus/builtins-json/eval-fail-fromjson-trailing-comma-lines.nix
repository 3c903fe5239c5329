builtins.fromJSON "[\n1,\n\n]"
