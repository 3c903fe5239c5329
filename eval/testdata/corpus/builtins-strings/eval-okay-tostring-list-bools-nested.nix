toString [ true [ false null ] 1 ]
