builtins.readFile ./empty/empty.txt
