builtins.typeOf (/foo + /bar)
