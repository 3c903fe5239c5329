[ (builtins.hasContext "abc") (builtins.getContext "abc") ]
