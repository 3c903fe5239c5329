builtins.hashFile "sha256" ./empty/empty.txt
