map (s: builtins.match "[]a-]+" s) [ "]-a" "b" ]
