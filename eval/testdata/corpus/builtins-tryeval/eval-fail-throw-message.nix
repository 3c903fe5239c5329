throw "this is the message"
