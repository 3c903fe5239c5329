builtins.isInt (throw "t")
