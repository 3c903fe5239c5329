[ <nixpkgs> <a/b/c> <a.b/c-d+e_f> ]
