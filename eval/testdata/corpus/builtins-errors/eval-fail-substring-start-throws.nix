builtins.substring (1 + throw "no offset") 2 "abcdef"
