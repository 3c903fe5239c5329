builtins.pathExists (toString ./data + "/hello.txt")
