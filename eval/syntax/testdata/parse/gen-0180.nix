with {}; 31."q r" or a "s\n" <n/p>
