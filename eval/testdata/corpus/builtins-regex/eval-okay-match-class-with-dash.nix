map (s: builtins.match "[[:alpha:]-]+" s) [ "a-b" "a1" ]
