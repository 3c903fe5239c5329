abort "aborted!"
