with {}; !__curPos.a.b
