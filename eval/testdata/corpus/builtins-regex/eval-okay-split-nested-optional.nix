builtins.split "(a(b)?)" "xaabx"
