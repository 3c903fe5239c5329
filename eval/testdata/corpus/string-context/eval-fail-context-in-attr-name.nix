builtins.attrNames { "${./fixed-content.txt}" = 1; }
