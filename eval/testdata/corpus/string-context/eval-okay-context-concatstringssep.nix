builtins.hasContext (builtins.concatStringsSep "," [ "a" "${./fixed-content.txt}" ])
