builtins.foo or "no foo in builtins"
