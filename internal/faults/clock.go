package faults

// ClockStep steps the wall clock of a tvix-node built with faults, as NTP
// stepping the host's clock would: each SIGUSR2 applies the next step of
// ClockStepsVar (Go durations, comma-separated, e.g. "1h,-2h") to what
// Now returns.
const ClockStep = "clock-step"

// ClockStepsVar is the environment variable listing the steps.
const ClockStepsVar = "TVIX_FAULTS_CLOCK_STEPS"
