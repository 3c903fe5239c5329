"line\nbreak \"q\" é"
