builtins.genList (i: builtins.elemAt [ "a" "b" "c" ] i) 3
