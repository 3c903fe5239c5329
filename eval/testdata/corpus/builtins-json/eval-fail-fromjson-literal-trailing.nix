builtins.fromJSON "truex"
