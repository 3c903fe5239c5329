# The result of __toString that cannot be coerced: its own frame.
toString { __toString = s: { outPath = { }; }; }
