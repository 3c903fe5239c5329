builtins.readFile ./data/one.txt
