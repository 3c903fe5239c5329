builtins.concatStringsSep "," [ null ]
