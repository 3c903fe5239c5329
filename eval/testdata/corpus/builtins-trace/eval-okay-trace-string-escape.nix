builtins.trace "with \"quotes\" and\nnewline" 0
