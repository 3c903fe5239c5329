builtins.tryEval ((x: throw "in fn") 1)
