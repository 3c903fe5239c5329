builtins.deepSeq 1 (builtins.length [ (throw "x") ])
