"foo from dir2"
