builtins.match "((a)(b(c)?))+" "abab"
