map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "1.0" "2.3" ] [ "2.1" "2.3" ] [ "2.3" "2.3" ] [ "2.5" "2.3" ] [ "3.1" "2.3" ] [ "2.3.1" "2.3" ] [ "2.3.1" "2.3a" ] ]
