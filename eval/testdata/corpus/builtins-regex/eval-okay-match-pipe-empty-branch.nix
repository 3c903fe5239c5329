[ (builtins.match "a|" "") (builtins.match "|a" "a") ]
