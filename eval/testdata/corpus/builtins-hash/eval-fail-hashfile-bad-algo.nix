builtins.hashFile "crc32" ./data.txt
