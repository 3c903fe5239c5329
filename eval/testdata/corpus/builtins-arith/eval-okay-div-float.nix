builtins.div 1 3.0
