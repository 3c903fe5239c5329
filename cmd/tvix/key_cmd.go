package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/p2pnix/tvix/internal/tvixhome"
	"github.com/p2pnix/tvix/store/nixsig"
	"github.com/spf13/cobra"
)

var keyCmd = &cobra.Command{
	Use:   "key",
	Short: "Manage Nix signing keys (ed25519, name:base64 as nix-store --generate-binary-cache-key writes)",
}

var (
	keyFile  string
	keyForce bool
)

// defaultKeyFile is where a node's secret key lives unless told otherwise.
func defaultKeyFile() string { return tvixhome.Default().SecretKey() }

var keyGenerateCmd = &cobra.Command{
	Use:   "generate NAME",
	Short: "Create a key pair: write the secret key to a file (mode 0600), print the public key",
	Args:  cobra.ExactArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		sk, pk, err := nixsig.GenerateKey(args[0])
		if err != nil {
			return err
		}
		p := keyFile
		if p == "" {
			p = defaultKeyFile()
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if keyForce {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		f, err := os.OpenFile(p, flags, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("key generate: %s exists (use --force to replace it)", p)
		}
		if err != nil {
			return fmt.Errorf("key generate: %w", err)
		}
		if _, err := f.WriteString(sk.String()); err != nil {
			f.Close()
			return fmt.Errorf("key generate: %s: %w", p, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("key generate: %s: %w", p, err)
		}
		fmt.Fprintln(cmd.OutOrStdout(), pk.String())
		return nil
	},
}

var keyShowCmd = &cobra.Command{
	Use:   "show",
	Short: "Print the public key of the secret key file, for Nix's trusted-public-keys",
	Args:  cobra.NoArgs,
	RunE: func(cmd *cobra.Command, args []string) error {
		p := keyFile
		if p == "" {
			p = defaultKeyFile()
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("key show: %w", err)
		}
		sk, err := nixsig.ParseSecretKey(string(b))
		if err != nil {
			return fmt.Errorf("key show: %s: %w", p, err)
		}
		fmt.Fprintln(cmd.OutOrStdout(), sk.ToPublicKey().String())
		return nil
	},
}

func init() {
	keyCmd.PersistentFlags().StringVarP(&keyFile, "secret-key-file", "o", "", "secret key file (default $TVIX_HOME/secret-key)")
	keyGenerateCmd.Flags().BoolVar(&keyForce, "force", false, "replace an existing secret key file")
	keyCmd.AddCommand(keyGenerateCmd, keyShowCmd)
	rootCmd.AddCommand(keyCmd)
}
