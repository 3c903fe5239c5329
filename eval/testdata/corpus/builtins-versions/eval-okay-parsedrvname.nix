map builtins.parseDrvName [ "hello-2.10" "nix-0.12pre12876" "a-b-c-1.0-2" "nodashes" "foo-bar" "foo-1bar" "-1.0" "foo-" "a--1" "foo-1.0-" ]
