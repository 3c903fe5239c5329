builtins.replaceStrings [ "x" "" ] [ "X" "." ] "axb"
