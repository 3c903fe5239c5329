builtins.length [ (throw "a") (abort "b") ]
