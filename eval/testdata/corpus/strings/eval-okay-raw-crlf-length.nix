builtins.stringLength "x
y"
