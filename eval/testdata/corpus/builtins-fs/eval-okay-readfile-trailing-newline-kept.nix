builtins.stringLength (builtins.readFile ./links/target.txt)
