map builtins.fromJSON [ "1" "-1" "1.5" "true" "false" "null" "\"s\"" "1e3" "1E-2" "0" "-0" "-0.0" ]
