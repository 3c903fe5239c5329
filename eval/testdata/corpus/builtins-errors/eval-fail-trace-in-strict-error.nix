builtins.trace "t" (throw "after trace")
