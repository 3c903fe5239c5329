"foo from dir1"
