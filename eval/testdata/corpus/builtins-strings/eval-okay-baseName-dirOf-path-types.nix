[ (builtins.typeOf (baseNameOf ./a)) (builtins.typeOf (dirOf ./a)) (builtins.typeOf (dirOf "a")) ]
