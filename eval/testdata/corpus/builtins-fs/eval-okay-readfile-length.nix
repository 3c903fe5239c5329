builtins.stringLength (builtins.readFile ./data/sub/nested.txt)
