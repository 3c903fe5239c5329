# The algorithm is checked before the file is read.
builtins.hashFile "crc32" ./no-such-file
