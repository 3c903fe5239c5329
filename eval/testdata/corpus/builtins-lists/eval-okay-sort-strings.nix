builtins.sort builtins.lessThan [ "b" "A" "a" "B" "" ]
