[ (baseNameOf /a/b/c) (toString (dirOf /a/b/c)) (builtins.typeOf (dirOf /a/b)) ]
