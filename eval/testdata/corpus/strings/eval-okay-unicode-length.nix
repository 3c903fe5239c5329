builtins.stringLength "✓é"
