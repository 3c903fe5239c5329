builtins.split "" ""
