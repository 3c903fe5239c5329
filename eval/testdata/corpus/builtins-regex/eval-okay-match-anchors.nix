[ (builtins.match "^abc$" "abc") (builtins.match "a^b" "ab") (builtins.match "a$b" "ab") ]
