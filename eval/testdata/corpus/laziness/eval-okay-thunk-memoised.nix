let x = builtins.trace "evaluated" 1; in x + x
