builtins.zipAttrsWith (n: vs: vs) [ ]
