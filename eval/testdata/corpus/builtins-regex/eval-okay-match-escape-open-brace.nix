builtins.match "a\\{" "a{"
