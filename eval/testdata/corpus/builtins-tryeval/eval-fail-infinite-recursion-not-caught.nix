let x = builtins.tryEval x; in x
