builtins.length (builtins.split "." "é")
