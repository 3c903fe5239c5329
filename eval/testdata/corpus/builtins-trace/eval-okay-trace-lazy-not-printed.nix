let x = builtins.trace "never" 1; in 2
