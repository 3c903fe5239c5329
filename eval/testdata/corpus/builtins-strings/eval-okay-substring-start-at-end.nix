builtins.substring 3 1 "abc"
