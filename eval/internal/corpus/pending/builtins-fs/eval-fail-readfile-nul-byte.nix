builtins.readFile ./nul/has-nul.bin
