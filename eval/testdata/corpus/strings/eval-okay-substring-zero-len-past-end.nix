builtins.substring 10 0 "abc"
