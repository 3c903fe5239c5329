builtins.attrNames (builtins.zipAttrsWith (n: vs: throw "x") [ { a = 1; } ])
