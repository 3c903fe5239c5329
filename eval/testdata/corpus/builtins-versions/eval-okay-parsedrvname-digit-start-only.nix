builtins.parseDrvName "name-9"
