let n = 2; in throw "from a directory, ${toString n}"
