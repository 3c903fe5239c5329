x: x.in
