builtins.fromJSON "[\"\\u00\"]"
