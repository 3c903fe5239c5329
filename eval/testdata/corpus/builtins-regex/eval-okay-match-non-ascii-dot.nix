[ (builtins.match "." "é") (builtins.match ".." "é") ]
