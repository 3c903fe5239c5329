builtins.match "(a*)*" ""
