builtins.match "([^-]*)-([0-9].*)" "hello-2.10.1"
