let x = throw "a"; in builtins.tryEval (x + 1)
