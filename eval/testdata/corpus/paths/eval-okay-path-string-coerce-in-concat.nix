builtins.substring 0 1 ("" + ./data/one.txt)
