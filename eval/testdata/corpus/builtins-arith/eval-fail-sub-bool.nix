builtins.sub true 1
