builtins.hasContext (toString ./fixed-content.txt)
