builtins.fromTOML ''
  [server]
  host = "h"
  port = 80
  [server.tls]
  on = false
''
