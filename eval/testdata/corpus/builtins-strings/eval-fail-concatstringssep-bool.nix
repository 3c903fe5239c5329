builtins.concatStringsSep "," [ true ]
