builtins.toXML "tab\tcr\rnl\n"
