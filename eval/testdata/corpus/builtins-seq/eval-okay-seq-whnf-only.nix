builtins.seq [ (throw "x") ] "ok"
