builtins.sort builtins.lessThan [ "é" "z" "Z" "a" "" "ab" "aa" ]
