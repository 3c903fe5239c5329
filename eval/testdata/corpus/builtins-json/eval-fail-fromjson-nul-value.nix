builtins.fromJSON ''{"a": "x\u0000y"}''
