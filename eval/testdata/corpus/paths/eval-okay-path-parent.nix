baseNameOf ../paths
