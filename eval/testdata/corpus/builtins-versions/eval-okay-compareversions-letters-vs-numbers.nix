map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "1.a" "1.1" ] [ "1a" "1.1" ] [ "a" "b" ] [ "abc" "abd" ] [ "B" "a" ] [ "1.0rc1" "1.0" ] ]
