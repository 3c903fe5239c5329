builtins.toJSON { __toString = s: "ts"; a = 1; }
