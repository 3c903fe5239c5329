builtins.fromJSON ''{ "b": [1, 2, {"c": null}], "a": "x", "e": {} , "f": [] }''
