[ (import ./lib/uses-arg.nix { }) (import ./lib/uses-arg.nix { n = 3; }) ]
