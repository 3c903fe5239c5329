builtins.hasContext (builtins.replaceStrings [ "x" ] [ "${./fixed-content.txt}" ] "axb")
