builtins.toJSON [ (throw "inner") ]
