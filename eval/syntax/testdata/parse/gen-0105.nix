with {}; -89.a.b.${a}
