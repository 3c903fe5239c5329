[ (/. + "") (dirOf /foo) (dirOf /.) ]
