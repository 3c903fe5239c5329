builtins.removeAttrs [ ] [ ]
