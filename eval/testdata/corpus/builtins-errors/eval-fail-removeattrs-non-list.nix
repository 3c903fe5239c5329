builtins.removeAttrs { } "a"
