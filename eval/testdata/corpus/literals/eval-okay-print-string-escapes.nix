"tab\there\nnewline \"quote\" back\\slash \${dollar} $ {} \r cr"
