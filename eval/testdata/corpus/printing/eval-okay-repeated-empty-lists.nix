let l = [ ]; in [ l l ]
