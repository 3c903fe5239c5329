x: x."in"
