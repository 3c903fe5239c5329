toString { __toString = self: { outPath = "inner"; }; }
