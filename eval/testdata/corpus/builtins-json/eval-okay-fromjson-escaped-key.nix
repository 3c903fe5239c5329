builtins.fromJSON ''{ "a\nb": 1, "": 2 }''
