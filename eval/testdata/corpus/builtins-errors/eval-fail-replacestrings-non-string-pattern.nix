builtins.replaceStrings [ 1 ] [ "b" ] "a"
