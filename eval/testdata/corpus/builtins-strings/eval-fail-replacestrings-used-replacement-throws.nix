builtins.replaceStrings [ "x" "a" ] [ (throw "used") "b" ] "axa"
