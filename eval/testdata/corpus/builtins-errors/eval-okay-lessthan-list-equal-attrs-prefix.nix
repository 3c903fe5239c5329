builtins.lessThan [ { } ] [ { } { } ]
