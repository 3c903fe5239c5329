[ builtins.add (builtins.add 1) ]
