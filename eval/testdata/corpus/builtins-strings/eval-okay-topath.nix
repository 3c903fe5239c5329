builtins.toPath "/foo//bar/../baz"
