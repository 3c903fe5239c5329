map (s: builtins.typeOf (builtins.fromJSON s)) [ "1" "1.0" "1e3" "-0" "-10000000000000000000" ]
