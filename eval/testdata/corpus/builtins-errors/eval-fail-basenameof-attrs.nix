baseNameOf { }
