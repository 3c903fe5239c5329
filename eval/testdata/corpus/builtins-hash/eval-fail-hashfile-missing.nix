builtins.hashFile "sha256" ./missing.txt
