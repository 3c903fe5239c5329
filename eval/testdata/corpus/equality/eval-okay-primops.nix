[ (builtins.add == builtins.add) (builtins.head == builtins.head) ]
