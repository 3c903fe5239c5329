builtins.replaceStrings [ "b" "ab" "abc" ] [ "1" "2" "3" ] "abcabc"
