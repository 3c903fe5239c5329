[ (builtins.match "abc" "abc") (builtins.match "ab" "abc") (builtins.match "b" "abc") ]
