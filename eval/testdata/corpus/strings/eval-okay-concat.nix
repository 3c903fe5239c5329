"abc" + "def"
