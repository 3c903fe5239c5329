a: c: [ (!a.b) (-a.b or c) (a.b or c.d or a) ]
