builtins.split "a$" "aaa"
