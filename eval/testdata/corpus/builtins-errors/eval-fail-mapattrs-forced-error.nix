builtins.mapAttrs (n: v: throw "in ${n}") { a = 1; }
