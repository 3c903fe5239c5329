builtins.trace "imported" 7
