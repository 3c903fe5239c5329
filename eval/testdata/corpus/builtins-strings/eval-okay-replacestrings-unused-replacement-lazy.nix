builtins.replaceStrings [ "x" "a" ] [ (throw "unused") "b" ] "aaa"
