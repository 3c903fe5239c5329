toString { __toString = s: "ts"; outPath = "op"; }
