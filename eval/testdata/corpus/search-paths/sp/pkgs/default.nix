{ name = "pkgs default"; }
