builtins.deepSeq { a = throw "x"; } "ok"
