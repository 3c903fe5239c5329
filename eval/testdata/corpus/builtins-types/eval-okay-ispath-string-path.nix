[ (builtins.isPath ./.) (builtins.isPath (toString ./.)) (builtins.isPath (./. + "/x")) ]
