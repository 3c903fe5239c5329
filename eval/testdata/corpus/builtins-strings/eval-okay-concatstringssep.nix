[ (builtins.concatStringsSep ", " [ "a" "b" "c" ]) (builtins.concatStringsSep "x" [ ]) (builtins.concatStringsSep "-" [ "only" ]) ]
