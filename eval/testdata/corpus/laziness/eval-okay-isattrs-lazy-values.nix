builtins.isAttrs { a = throw "x"; }
