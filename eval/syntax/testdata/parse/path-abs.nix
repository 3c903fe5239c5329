/etc/nixos
