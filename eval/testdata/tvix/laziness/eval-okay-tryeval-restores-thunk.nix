let x = throw "a"; r1 = builtins.tryEval x; r2 = builtins.tryEval x; in [ r1.success r2.success ]
