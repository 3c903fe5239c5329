builtins.match "(a+)(b*)c" "aac"
