builtins.toJSON "é✓😀${builtins.fromJSON "\"\\u007f\""}"
