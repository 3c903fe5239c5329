let t = builtins.fromTOML ''
  pinf = inf
  ninf = -inf
''; in [ t.pinf t.ninf ]
