package nixsig

import (
	"fmt"
	"os"
	"path/filepath"
)

// ReadSecretKeyFile reads a secret key in Nix's name:base64 form from the
// file path. A malformed key's error names path.
func ReadSecretKeyFile(path string) (SecretKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return SecretKey{}, err
	}
	sk, err := ParseSecretKey(string(b))
	if err != nil {
		return sk, fmt.Errorf("%s: %w", path, err)
	}
	return sk, nil
}

// WriteSecretKeyFile writes sk in Nix's name:base64 form to a new file
// path with mode 0600, creating its directory (mode 0700) if missing. An
// existing file is an error wrapping fs.ErrExist unless replace is set,
// in which case it is truncated and rewritten.
func WriteSecretKeyFile(path string, sk SecretKey, replace bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if replace {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(sk.String()); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
