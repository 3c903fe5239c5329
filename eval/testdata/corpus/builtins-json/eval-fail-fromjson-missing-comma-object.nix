builtins.fromJSON "{\"a\":1 \"b\":2}"
