rec {}
