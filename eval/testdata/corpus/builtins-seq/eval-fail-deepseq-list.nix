builtins.deepSeq [ 1 [ (throw "deep") ] ] "ok"
