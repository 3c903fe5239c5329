"bar from dir2"
