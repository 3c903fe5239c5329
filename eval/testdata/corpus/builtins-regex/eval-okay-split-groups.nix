builtins.split "(a)|b" "abc"
