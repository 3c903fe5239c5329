let r = builtins.tryEval (throw "x"); in if r.success then r.value else "fallback"
