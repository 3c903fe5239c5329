builtins.match "(ab)?c" "c"
