[ "éé" __curPos.column ]
