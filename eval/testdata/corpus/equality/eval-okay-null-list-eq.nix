[ ([ null ] == [ null ]) (null == [ ]) ]
