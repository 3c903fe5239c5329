toString [ "a" "b" ]
