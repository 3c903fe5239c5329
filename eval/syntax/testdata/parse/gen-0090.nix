with {}; args@{ zz, type, ... }: true
