builtins.tryEval (throw { __toString = s: "msg"; })
