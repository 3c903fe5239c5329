package main

import (
	"errors"
	"fmt"
	"io/fs"

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
		err = nixsig.WriteSecretKeyFile(p, sk, keyForce)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("key generate: %s exists (use --force to replace it)", p)
		}
		if err != nil {
			return fmt.Errorf("key generate: %w", err)
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
		sk, err := nixsig.ReadSecretKeyFile(p)
		if err != nil {
			return fmt.Errorf("key show: %w", err)
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
