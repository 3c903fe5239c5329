map builtins.stringLength [ "é" "✓" "😀" "" ]
