let map = x: "mine"; in map 1
