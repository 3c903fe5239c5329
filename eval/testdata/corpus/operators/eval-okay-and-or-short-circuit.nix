[ (false && throw "x") (true || throw "y") ]
