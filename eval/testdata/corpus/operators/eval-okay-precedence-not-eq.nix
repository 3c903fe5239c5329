!true == false
