builtins.split "(\n)" "a\nb\n"
