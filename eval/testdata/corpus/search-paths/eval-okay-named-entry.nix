import <pkgs>
