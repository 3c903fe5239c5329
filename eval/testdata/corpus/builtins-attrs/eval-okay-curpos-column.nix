[ 1 2 (__curPos.column) ]
