(!false && false)
