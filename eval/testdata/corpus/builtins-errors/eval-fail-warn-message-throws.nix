builtins.warn (throw "no message") 2
