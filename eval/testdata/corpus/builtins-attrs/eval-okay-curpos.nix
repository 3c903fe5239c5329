let p = __curPos; in { file = baseNameOf p.file; inherit (p) line column; }
