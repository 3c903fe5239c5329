builtins.stringLength (builtins.replaceStrings [ "" ] [ "|" ] "é")
