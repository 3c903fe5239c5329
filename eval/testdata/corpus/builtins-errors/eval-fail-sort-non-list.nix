builtins.sort builtins.lessThan 1
