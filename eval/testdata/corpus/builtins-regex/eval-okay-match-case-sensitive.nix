builtins.match "abc" "ABC"
