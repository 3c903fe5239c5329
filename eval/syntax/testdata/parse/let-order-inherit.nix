lib: let inherit (lib) c b a; z = 1; in z
