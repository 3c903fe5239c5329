builtins.replaceStrings [ "é" ] [ "e" ] "café é"
