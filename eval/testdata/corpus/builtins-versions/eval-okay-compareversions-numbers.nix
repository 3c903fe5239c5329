map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "1.10" "1.9" ] [ "01" "1" ] [ "1.001" "1.1" ] [ "10" "9" ] [ "1.0" "1" ] [ "1.0.0" "1.0" ] ]
