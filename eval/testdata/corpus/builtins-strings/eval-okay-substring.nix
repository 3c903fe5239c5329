[ (builtins.substring 1 3 "abcdef") (builtins.substring 0 0 "abc") (builtins.substring 2 100 "abc") (builtins.substring 5 2 "abc") ]
