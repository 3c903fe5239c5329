x: rec { inherit x; b = 1; "${x}" = 2; a = 3; }
