builtins.match "[^a-c]+" "xyz"
