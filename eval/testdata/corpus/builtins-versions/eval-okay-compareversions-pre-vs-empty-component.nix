map (p: builtins.compareVersions (builtins.elemAt p 0) (builtins.elemAt p 1)) [ [ "1.pre" "1" ] [ "1pre" "1." ] [ "1.0pre" "1.0" ] ]
