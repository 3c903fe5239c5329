# The snippet shows lines without their trailing blanks.
let 	
  x = 1; 
  x = 2;  
in x
