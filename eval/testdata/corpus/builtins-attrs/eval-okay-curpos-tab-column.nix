[	__curPos.column ]
