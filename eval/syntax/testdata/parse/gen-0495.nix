with {}; args@{ ... }: <n/p>
