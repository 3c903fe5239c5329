builtins.match "(a|)*" "aa"
