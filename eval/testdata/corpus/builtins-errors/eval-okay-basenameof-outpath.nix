baseNameOf { outPath = "/a/b"; }
