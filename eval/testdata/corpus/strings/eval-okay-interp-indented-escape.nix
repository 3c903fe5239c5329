let x = "v"; in ''a ''${x} ${x} $${x}''
