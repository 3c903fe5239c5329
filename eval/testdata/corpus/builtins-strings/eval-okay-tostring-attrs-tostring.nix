toString { __toString = self: "x${toString self.v}"; v = 3; }
