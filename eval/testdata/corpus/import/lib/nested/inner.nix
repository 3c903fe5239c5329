{ val = import ../value.nix; }
