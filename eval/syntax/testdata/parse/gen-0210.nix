with {}; [  ] / 48 http://u.v/w -> !''
  l1
    l2
  '' ''
  l1
    '''
  '' < -__curPos 0.1
