builtins.match "a**" "aaa"
