{ zz, name, b, x, map, type }: 1
