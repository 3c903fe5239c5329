[ (builtins.match "[[=a=]]" "a") (builtins.match "[[.a.]]" "a") (builtins.match "[[.hyphen.]]" "-") ]
