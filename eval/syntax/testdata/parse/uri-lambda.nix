[ x:x x: x ]
