[ (builtins.match "[[:upper:]][[:lower:]]+" "Hello") (builtins.match "[[:xdigit:]]+" "0aF") (builtins.match "[[:punct:]]+" "!?.") ]
