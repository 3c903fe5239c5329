builtins.tryEval ((x: x + 1) "a")
