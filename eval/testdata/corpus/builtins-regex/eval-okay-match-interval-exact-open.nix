[ (builtins.match "a{2}" "aa") (builtins.match "a{2,}" "aaaaa") ]
