builtins.fromJSON "\"é✓\""
