builtins.functionArgs (builtins.add 1)
