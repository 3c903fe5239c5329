[ (builtins.substring 1 (-5) "abcdef") (builtins.substring 0 (-100) "abc") ]
