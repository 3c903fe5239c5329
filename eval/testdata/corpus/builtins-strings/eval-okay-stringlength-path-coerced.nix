builtins.stringLength (baseNameOf ./abc)
