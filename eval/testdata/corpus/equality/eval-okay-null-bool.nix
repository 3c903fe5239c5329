[ (null == null) (true == true) (true == false) (null == false) (0 == false) ]
