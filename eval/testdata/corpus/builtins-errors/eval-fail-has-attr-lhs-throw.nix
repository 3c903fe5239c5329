(throw "x") ? a
