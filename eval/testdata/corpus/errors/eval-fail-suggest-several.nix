{ abc = 1; abd = 2; abe = 3; ab = 4; abcdef = 5; xyz = 6; b = 7; }.abf
