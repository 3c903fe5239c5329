builtins.hasContext (builtins.toJSON [ "${./fixed-content.txt}" ])
