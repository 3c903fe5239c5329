(x: y: { inherit x y; }) 1 2
