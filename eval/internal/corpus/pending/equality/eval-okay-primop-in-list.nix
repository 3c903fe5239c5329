[ ([ builtins.add ] == [ builtins.add ]) (let p = builtins.add; in [ p ] == [ p ]) ]
