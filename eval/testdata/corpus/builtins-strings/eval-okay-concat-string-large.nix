builtins.stringLength (builtins.concatStringsSep "" (builtins.genList (i: "abc") 1000))
