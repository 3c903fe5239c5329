"${./fixed-content.txt}"
