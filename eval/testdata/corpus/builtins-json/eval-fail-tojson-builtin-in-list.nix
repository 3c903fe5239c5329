builtins.toJSON [ 1 { a = builtins.map; } ]
