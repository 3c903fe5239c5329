package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// cpuProfile is the hidden --cpuprofile flag: a file to write a CPU
// profile of the whole command to, for `go tool pprof`.
var cpuProfile string

func init() {
	rootCmd.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the command to FILE")
	rootCmd.PersistentFlags().MarkHidden("cpuprofile")
}

// startProfile starts the CPU profile --cpuprofile asks for and returns
// what stops it and writes the file.
func startProfile() (stop func(), err error) {
	if cpuProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(cpuProfile)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
