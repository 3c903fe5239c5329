builtins.tryEval (builtins.match "(" "a")
