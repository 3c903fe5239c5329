builtins.split "/" (toString /a/b)
