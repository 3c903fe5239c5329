"/abc" + /def
