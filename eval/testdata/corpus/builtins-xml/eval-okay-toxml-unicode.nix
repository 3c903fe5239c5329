builtins.toXML "é✓"
