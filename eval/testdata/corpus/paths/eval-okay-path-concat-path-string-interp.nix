baseNameOf (./. + "/x/${"y"}")
