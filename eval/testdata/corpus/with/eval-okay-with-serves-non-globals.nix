# Names that are not global (even builtins reached only via builtins.)
# come from the with set; __-prefixed globals are global.
with { length = 7; attrNames = "a"; __length = 9; fromTOML = 1; }; [ length attrNames __length ]
