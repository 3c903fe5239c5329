builtins.substring 0 11 "${./helper.txt}"
