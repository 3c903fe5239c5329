map builtins.splitVersion [ "1.2.3" "1.2-3_4" "2.3pre1" "1.0rc12a" "" "..1.." "abc" "1a2b3" "1.-2" ]
