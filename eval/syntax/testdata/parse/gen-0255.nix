with {}; a true ''
  l1
    '''
  ''
