builtins.fetchurl "file://${toString ./files}/missing.txt"
