map builtins.typeOf [ (builtins.fromJSON "1") (builtins.fromJSON "1.0") (builtins.fromJSON "1e0") ]
