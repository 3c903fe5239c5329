builtins.split "^a" "aaa"
