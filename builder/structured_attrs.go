package builder

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/p2pnix/tvix/store/derivation"
)

// shellVarName is what Nix requires of a key before it declares it in
// .attrs.sh.
var shellVarName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// structuredAttrs returns the .attrs.json and .attrs.sh files Nix 2.8
// writes for a derivation with structured attributes (env "__json"): the
// attributes with "outputs" set to the output paths, as compact JSON with
// sorted keys, and bash declarations of those that bash can hold.
func structuredAttrs(drv *derivation.Derivation) ([]byte, []byte, error) {
	dec := json.NewDecoder(strings.NewReader(drv.Env["__json"]))
	dec.UseNumber()
	var attrs map[string]any
	if err := dec.Decode(&attrs); err != nil {
		return nil, nil, fmt.Errorf("structured attributes (__json): %w", err)
	}
	outs := map[string]any{}
	for name, o := range drv.Outputs {
		outs[name] = o.Path
	}
	attrs["outputs"] = outs

	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(attrs); err != nil {
		return nil, nil, err
	}
	attrsJSON := bytes.TrimSuffix(js.Bytes(), []byte("\n"))

	var sh strings.Builder
	for _, k := range sortedKeys(attrs) {
		if !shellVarName.MatchString(k) {
			continue
		}
		v := attrs[k]
		if s, ok := shellScalar(v); ok {
			fmt.Fprintf(&sh, "declare %s=%s\n", k, s)
			continue
		}
		switch v := v.(type) {
		case []any:
			var items strings.Builder
			ok := true
			for _, e := range v {
				s, good := shellScalar(e)
				if !good {
					ok = false
					break
				}
				items.WriteString(s + " ")
			}
			if ok {
				fmt.Fprintf(&sh, "declare -a %s=(%s)\n", k, items.String())
			}
		case map[string]any:
			var items strings.Builder
			ok := true
			for _, k2 := range sortedKeys(v) {
				s, good := shellScalar(v[k2])
				if !good {
					ok = false
					break
				}
				fmt.Fprintf(&items, "[%s]=%s ", shellQuote(k2), s)
			}
			if ok {
				fmt.Fprintf(&sh, "declare -A %s=(%s)\n", k, items.String())
			}
		}
	}
	return attrsJSON, []byte(sh.String()), nil
}

// shellScalar renders a JSON scalar as Nix does in .attrs.sh: strings
// quoted, whole numbers as integers, null as ”, booleans as 1 or empty.
func shellScalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return shellQuote(v), true
	case json.Number:
		f, err := v.Float64()
		if err == nil && math.Ceil(f) == f {
			return fmt.Sprintf("%d", int64(f)), true
		}
		return "", false
	case nil:
		return "''", true
	case bool:
		if v {
			return "1", true
		}
		return "", true
	}
	return "", false
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
