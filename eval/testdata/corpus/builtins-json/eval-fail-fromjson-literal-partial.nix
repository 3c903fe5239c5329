builtins.fromJSON "[ tru ]"
