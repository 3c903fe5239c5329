[ foo (bar + 1) ]
