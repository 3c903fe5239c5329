builtins.match "(a)\\1" "a1"
