builtins.split "\\." "1.2.3"
