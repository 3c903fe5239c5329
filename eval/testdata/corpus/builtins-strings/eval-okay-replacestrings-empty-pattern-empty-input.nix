builtins.replaceStrings [ "" ] [ "-" ] ""
