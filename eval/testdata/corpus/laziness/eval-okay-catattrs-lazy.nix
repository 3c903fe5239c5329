builtins.length (builtins.catAttrs "a" [ { a = throw "x"; } { b = 1; } ])
