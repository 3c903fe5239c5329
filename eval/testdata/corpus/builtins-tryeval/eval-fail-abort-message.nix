abort "abort message"
