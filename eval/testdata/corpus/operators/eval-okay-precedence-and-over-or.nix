(true || false && false)
