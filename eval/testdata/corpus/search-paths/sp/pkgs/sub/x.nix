"x in pkgs/sub"
