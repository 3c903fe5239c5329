builtins.trace (throw "bad message") 1
