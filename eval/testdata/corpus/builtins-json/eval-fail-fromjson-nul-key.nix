builtins.fromJSON ''{"a\u0000": 1}''
