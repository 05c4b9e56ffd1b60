package main

// Cosignatures (C2SP tlog-cosignature v1), checked with crypto/ed25519 and crypto/sha256 only,
// written from the specification apart from the project's code: golang.org/x/mod has no
// cosignature verifier. The note itself is opened with note.Open, which must pass over the
// witnesses' lines as signatures by keys it does not know.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

const cosignatureV1 = 0x04 // the key type byte of a tlog-cosignature v1 key.

type witnessKey struct {
	name   string
	id     [4]byte
	public ed25519.PublicKey
}

// parseWitnessKey reads a verifier key "<name>+<hex key id>+<base64(0x04 || 32-byte key)>"
// and checks that its id is the first four bytes of SHA-256(name || "\n" || 0x04 || key).
func parseWitnessKey(text string) (witnessKey, error) {
	parts := strings.SplitN(strings.TrimSpace(text), "+", 3) // base64 may hold "+".
	if len(parts) != 3 || parts[0] == "" {
		return witnessKey{}, fmt.Errorf("%q is not name+id+key", text)
	}
	id, err := hex.DecodeString(parts[1])
	if err != nil || len(id) != 4 {
		return witnessKey{}, fmt.Errorf("key id %q is not 8 hex digits", parts[1])
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != cosignatureV1 {
		return witnessKey{}, fmt.Errorf("key %q is not type 0x04 and 32 bytes", parts[2])
	}
	sum := sha256.Sum256(append([]byte(parts[0]+"\n"), raw...))
	if !bytes.Equal(sum[:4], id) {
		return witnessKey{}, fmt.Errorf("key id %s is not SHA-256(name, 0x0A, key)[:4] = %x",
			parts[1], sum[:4])
	}
	k := witnessKey{name: parts[0], public: ed25519.PublicKey(raw[1:])}
	copy(k.id[:], id)
	return k, nil
}

// cosignatureOf finds the witness's line in a signed note and verifies it: the signature is
// key id (4) || timestamp (8, big endian) || Ed25519 signature (64) over
// "cosignature/v1\ntime <timestamp>\n" followed by the note's body. It returns the timestamp.
func cosignatureOf(text string, w witnessKey) (uint64, error) {
	split := strings.LastIndex(text, "\n\n")
	if split < 0 {
		return 0, fmt.Errorf("no blank line before the signatures")
	}
	body, signatures := text[:split+1], text[split+2:]
	found := 0
	var timestamp uint64
	for _, line := range strings.Split(strings.TrimSuffix(signatures, "\n"), "\n") {
		fields := strings.Fields(strings.TrimPrefix(line, "\u2014 "))
		if !strings.HasPrefix(line, "\u2014 ") || len(fields) != 2 || fields[0] != w.name {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil || len(sig) < 4 || !bytes.Equal(sig[:4], w.id[:]) {
			continue // another key of the same name.
		}
		found++
		if len(sig) != 4+8+ed25519.SignatureSize {
			return 0, fmt.Errorf("cosignature of %s is %d bytes, not 76", w.name, len(sig))
		}
		timestamp = binary.BigEndian.Uint64(sig[4:12])
		message := "cosignature/v1\ntime " + strconv.FormatUint(timestamp, 10) + "\n" + body
		if !ed25519.Verify(w.public, []byte(message), sig[12:]) {
			return 0, fmt.Errorf("cosignature of %s (time %d) does not verify with ed25519",
				w.name, timestamp)
		}
	}
	switch {
	case found == 0:
		return 0, fmt.Errorf("no cosignature line of witness %s", w.name)
	case found > 1:
		return 0, fmt.Errorf("%d cosignature lines of witness %s", found, w.name)
	}
	return timestamp, nil
}

// checkCosigned opens the note with the log's key (note.Open must ignore the cosignatures as
// unknown keys) and requires a valid cosignature by every witness given, made in the past.
func (c *checker) checkCosigned(text, what string, witnesses []witnessKey) {
	if len(witnesses) == 0 {
		c.result("cosigned "+what, fmt.Errorf("no -witness key given"))
		return
	}
	n, err := note.Open([]byte(text), note.VerifierList(c.verifier))
	if err == nil && len(n.UnverifiedSigs) < len(witnesses) {
		err = fmt.Errorf("note.Open left %d signatures unverified, %d witnesses given",
			len(n.UnverifiedSigs), len(witnesses))
	}
	if err == nil {
		_, err = c.openCheckpoint(text)
	}
	for _, w := range witnesses {
		if err != nil {
			break
		}
		var at uint64
		at, err = cosignatureOf(text, w)
		if err == nil && at > uint64(time.Now().Unix())+60 {
			err = fmt.Errorf("cosignature of %s is dated %d, in the future", w.name, at)
		}
		if err == nil {
			what += fmt.Sprintf(" (%s, time %d)", w.name, at)
		}
	}
	c.result("cosigned "+what, err)
}
