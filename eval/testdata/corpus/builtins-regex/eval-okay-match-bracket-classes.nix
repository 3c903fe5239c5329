map (s: builtins.match "[[:alpha:]]+[[:digit:]]*[[:space:]]?" s) [ "abc123 " "123" "Ab" ]
