builtins.substring 0 9223372036854775807 "abc"
