[ (builtins.floor 1.0e30) (builtins.ceil (-1.0e30)) ]
