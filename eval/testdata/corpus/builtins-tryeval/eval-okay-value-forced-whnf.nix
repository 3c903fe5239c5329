builtins.tryEval { a = throw "x"; }
