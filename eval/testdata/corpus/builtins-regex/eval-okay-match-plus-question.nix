[ (builtins.match "a+?" "aaa") (builtins.match "ab?c" "ac") ]
