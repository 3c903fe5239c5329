builtins.replaceStrings [ "a" (throw "no pattern") ] [ "b" "c" ] "abc"
