builtins.match "(a*?)" "aa"
