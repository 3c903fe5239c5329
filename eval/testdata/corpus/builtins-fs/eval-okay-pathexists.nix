[ (builtins.pathExists ./data) (builtins.pathExists ./data/hello.txt) (builtins.pathExists ./data/nope) (builtins.pathExists "/") ]
