map builtins.typeOf (builtins.attrValues (builtins.fromTOML "a = true\nb = 1\nc = 1.0\nd = 'x'"))
