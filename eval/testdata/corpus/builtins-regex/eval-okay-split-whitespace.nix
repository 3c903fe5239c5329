builtins.split "[[:space:]]+" " foo  bar "
