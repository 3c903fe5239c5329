builtins.hashFile "md5" ./data.txt
